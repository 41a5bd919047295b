// CLI commands against a running server (issue 12: "each command answers in under a second against a running
// server"), each against a bare `node -e 0` measured in the same run (shared, noisy machines: the ratio is the
// figure that travels). Runs bin/lockyard.js as a user would (dist/ when fresh: `npm run build` first).
// `node --import tsx bench/cli.ts [pglite] [postgres]`; BENCH_ROUNDS (default 5) runs of each command, median.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { scratchDatabase, startLockyard, stop } from './lockyard-process.ts';

const BIN = new URL('../bin/lockyard.js', import.meta.url).pathname;
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const TARGET_SECONDS = 1;

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

function timed(args: string[]): number {
  const started = process.hrtime.bigint();
  const r = spawnSync(process.execPath, args, { stdio: ['ignore', 'ignore', 'pipe'] });
  if (r.status !== 0) throw new Error(`${args.join(' ')} exited ${r.status}: ${r.stderr}`);
  return Number(process.hrtime.bigint() - started) / 1e9;
}

const timeMedian = (args: string[]) => median(Array.from({ length: ROUNDS }, () => timed(args)));

export async function benchCli(stores: Array<'pglite' | 'postgres'> = ['pglite', 'postgres']) {
  const bare = timeMedian(['-e', '0']);
  const rows: Array<[string, number]> = [['bare node -e 0', bare]];
  for (const store of stores) {
    const dir = mkdtempSync(join(tmpdir(), 'lockyard-bench-cli-'));
    const scratch = store === 'postgres' ? await scratchDatabase(`bench_cli_${process.pid}`) : undefined;
    const args = ['--data-dir', dir, ...(scratch ? ['--database-url', scratch.url] : [])];
    const server = await startLockyard(args);
    try {
      const operator = JSON.parse(readFileSync(join(dir, 'demo-credentials.json'), 'utf8')).operators[0].id;
      let n = 0;
      const fixture = () => {
        const file = join(dir, `fixture-${++n}.json`);
        const email = `bench.${process.pid}.${n}@example.com`;
        writeFileSync(file, JSON.stringify({ fixtures: [{ name: 'c', path: '/contacts', params: { email } }] }));
        return file;
      };
      const commands: Array<[string, () => string[]]> = [
        ['tokens create', () => ['tokens', 'create', '--operator', operator, '--scopes', 'all']],
        ['apps list', () => ['apps', 'list']],
        ['events list', () => ['events', 'list', '--operator', operator]],
        ['trigger contact.created', () => ['trigger', 'contact.created', '--operator', operator]],
        ['fixtures apply (1 step)', () => ['fixtures', 'apply', fixture(), '--operator', operator]],
        ['faults list', () => ['faults', 'list', '--operator', operator]],
        ['snapshot list', () => ['snapshot', 'list']],
      ];
      for (const [label, argv] of commands) {
        const runs = Array.from({ length: ROUNDS }, () => timed([BIN, ...argv(), ...args]));
        rows.push([`${store}: ${label}`, median(runs)]);
      }
    } finally {
      await stop(server.child);
      rmSync(dir, { recursive: true, force: true });
      await scratch?.drop();
    }
  }
  console.log(`\nCLI commands against a running server (median of ${ROUNDS}; node ${process.version})`);
  for (const [label, s] of rows) {
    const verdict = label.startsWith('bare') ? '' : s < TARGET_SECONDS ? `  < ${TARGET_SECONDS} s  MET` : `  NOT MET`;
    console.log(
      `${label.padEnd(38)} ${s.toFixed(3).padStart(6)} s  ${(s / bare).toFixed(1).padStart(5)}x bare node${verdict}`,
    );
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const stores = process.argv.slice(2).filter((a): a is 'pglite' | 'postgres' => a === 'pglite' || a === 'postgres');
  await benchCli(stores.length ? stores : undefined);
}
