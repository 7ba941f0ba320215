/** Reading secrets: from the terminal without echo, or all of standard input. */
import { createInterface } from 'node:readline';

export async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/** Asks on `out` and reads one line from the terminal without echoing it. */
export function readPassword(question: string, out: NodeJS.WriteStream): Promise<string> {
  return new Promise((resolve) => {
    const rl = createInterface({ input: process.stdin, output: out, terminal: true });
    const mutable = rl as unknown as { _writeToOutput: (s: string) => void };
    out.write(question);
    mutable._writeToOutput = () => undefined;
    rl.question('', (answer) => {
      rl.close();
      out.write('\n');
      resolve(answer);
    });
  });
}
