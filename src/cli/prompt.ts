import { createInterface } from 'node:readline/promises';
import { Writable } from 'node:stream';

// On the CLI's fast path: node built-ins only.

/** Asks one question on the terminal; `secret` does not echo what is typed (passwords). */
export async function ask(question: string, opts: { fallback?: string; secret?: boolean } = {}): Promise<string> {
  let muted = false;
  const output = new Writable({
    write(chunk, _encoding, done) {
      if (!muted) process.stdout.write(chunk);
      done();
    },
  });
  const rl = createInterface({ input: process.stdin, output, terminal: true });
  try {
    const hint = opts.fallback ? ` [${opts.fallback}]` : '';
    const pending = rl.question(`${question}${hint}: `);
    muted = !!opts.secret;
    const answer = (await pending).trim();
    if (opts.secret) process.stdout.write('\n');
    return answer || opts.fallback || '';
  } finally {
    rl.close();
  }
}
