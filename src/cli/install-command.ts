import { spawn } from 'node:child_process';
import { Argument, type Command } from 'commander';
import { PaperboyError } from '../core/errors.js';
import {
  importOptional,
  installCommand,
  OPTIONAL_FEATURES,
  PACKAGE_ROOT,
  type OptionalFeatureName,
} from '../core/optional-packages.js';
import type { CliContext } from './main.js';

export function registerInstall(program: Command, ctx: CliContext): void {
  program
    .command('install')
    .description('add an optional package to paperboy: onnx (local ONNX embedding models) or llama-cpp (local GGUF language models)')
    .addArgument(new Argument('<feature>', 'what to add').choices(Object.keys(OPTIONAL_FEATURES)))
    .option('--dry-run', 'print the npm command and where it would run, without running it')
    .action(async (feature: OptionalFeatureName, flags: { dryRun?: boolean }) => {
      const spec = OPTIONAL_FEATURES[feature];
      const { args, env } = installCommand(feature);
      const shown = [...Object.entries(env).map(([k, v]) => `${k}=${v}`), 'npm', ...args].join(' ');
      ctx.err.write(`paperboy: in ${PACKAGE_ROOT}: ${shown}\n`);
      if (flags.dryRun) return;
      const code = await new Promise<number | null>((resolve, reject) => {
        // npm's own output goes to stderr: stdout stays the command's answer, as everywhere else.
        const child = spawn('npm', args, {
          cwd: PACKAGE_ROOT,
          env: { ...process.env, ...env },
          stdio: ['ignore', 'pipe', 'inherit'],
          shell: process.platform === 'win32',
        });
        child.stdout.pipe(ctx.err, { end: false });
        child.on('error', reject);
        child.on('close', resolve);
      });
      if (code !== 0) {
        throw new PaperboyError(spec.code, `npm could not install ${spec.package} (exit ${code}); its messages are above`);
      }
      await importOptional(feature);
      ctx.err.write(`paperboy: ${spec.package} ${spec.version} is installed: ${spec.what} is ready (npm ci and npm install remove it; run this again after them)\n`);
    });
}
