/**
 * Optional packages: large dependencies that only an opt-in feature uses, left out of the default
 * install so that `npm ci` stays small (the ONNX runtime alone is over 400 MB). `paperboy install
 * <feature>` adds one with npm in paperboy's own directory; the code that needs it imports it
 * dynamically, and its absence is a typed error naming that command.
 *
 * Their versions are pinned here, not in package.json: npm takes a package.json entry (even an
 * optional peer dependency) as satisfied without installing it. Installed with --no-save, each is
 * extraneous to npm, so any later npm install prunes it: `paperboy install` therefore asks for the
 * optional packages already present too, and `npm ci` leaves none (install again after it).
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { PaperboyError, type ErrorCode } from './errors.js';

export interface OptionalFeature {
  /** The npm package the feature needs. */
  package: string;
  /** Its pinned version. */
  version: string;
  /** What the feature is, for messages. */
  what: string;
  /** The error a missing package is reported as. */
  code: ErrorCode;
  /** What to do instead, for messages. */
  otherwise: string;
  /** Environment for npm while installing it. */
  env?: Record<string, string>;
}

export const OPTIONAL_FEATURES = {
  onnx: {
    package: '@huggingface/transformers',
    version: '4.3.1',
    what: 'the ONNX embedding provider (embed --provider onnx)',
    code: 'EMBEDDING_UNAVAILABLE',
    otherwise: 'or use the built-in model (the default) or an OpenAI-compatible endpoint (--provider openai)',
    // onnxruntime-node's postinstall would otherwise fetch CUDA add-ons from NuGet; the CPU
    // runtime is inside the package. An environment variable rather than an .npmrc key, which npm
    // warns about on every command (npm 11 also skips the script: package.json's allowScripts).
    env: { ONNXRUNTIME_NODE_INSTALL: 'skip' },
  },
  'llama-cpp': {
    package: 'node-llama-cpp',
    // 3.22.1 fails npm ci on these machines.
    version: '3.21.1',
    what: 'a local GGUF model (--llm-gguf)',
    code: 'LLM_UNAVAILABLE',
    otherwise: 'or use an OpenAI-compatible server instead (--llm-url, e.g. Ollama at http://localhost:11434/v1)',
  },
} as const satisfies Record<string, OptionalFeature>;

export type OptionalFeatureName = keyof typeof OPTIONAL_FEATURES;

/** paperboy's own directory (where its package.json and node_modules are), from src/core or dist/core. */
export const PACKAGE_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/**
 * The npm command `paperboy install <feature>` runs, in PACKAGE_ROOT: the feature's package and
 * every optional package already installed, which the install would otherwise prune.
 */
export function installCommand(feature: OptionalFeatureName): { args: string[]; env: Record<string, string> } {
  const wanted = (Object.keys(OPTIONAL_FEATURES) as OptionalFeatureName[]).filter(
    (name) => name === feature || onDisk(OPTIONAL_FEATURES[name].package),
  );
  const specs: OptionalFeature[] = wanted.map((name) => OPTIONAL_FEATURES[name]);
  return {
    args: ['install', '--no-save', '--no-audit', '--no-fund', ...specs.map((spec) => `${spec.package}@${spec.version}`)],
    env: Object.assign({}, ...specs.map((spec) => spec.env ?? {})) as Record<string, string>,
  };
}

export type ModuleImporter = (specifier: string) => Promise<unknown>;

/** The feature's package, or its typed error saying how to install it. */
export async function importOptional(
  feature: OptionalFeatureName,
  importer: ModuleImporter = (specifier) => import(specifier),
): Promise<unknown> {
  const spec: OptionalFeature = OPTIONAL_FEATURES[feature];
  try {
    return await importer(spec.package);
  } catch (err) {
    const code = (err as { code?: string })?.code;
    // Node says ERR_MODULE_NOT_FOUND (also for a dependency of the package gone missing); other
    // loaders (vitest's) word it otherwise, so a package absent from disk counts too.
    if (code !== 'ERR_MODULE_NOT_FOUND' && code !== 'MODULE_NOT_FOUND' && onDisk(spec.package)) throw err;
    throw new PaperboyError(
      spec.code,
      `${spec.what} needs the optional package ${spec.package}, which is not installed: run "paperboy install ${feature}", ${spec.otherwise}`,
      { package: spec.package, install: `paperboy install ${feature}`, cause: (err as Error).message },
    );
  }
}

/** Whether `name` is in a node_modules folder Node would look in from paperboy's directory. */
export function onDisk(name: string): boolean {
  for (let dir = PACKAGE_ROOT; ; dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, 'node_modules', name, 'package.json'))) return true;
    if (path.dirname(dir) === dir) return false;
  }
}
