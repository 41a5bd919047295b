// Start time, each figure against a bare `node -e 0` measured in the same run (shared, noisy machines: only the
// ratios mean something). Targets (issue 13): `lockyard --help` < 0.5 s, warm start (existing data) < 1.5 s to a
// listening server (about 10x bare node), first start with the demo seed < 5 s.
// `node --import tsx bench/start.ts [pglite] [postgres]`; runs bin/lockyard.js as a user would (dist/ when fresh).
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';

const BIN = new URL('../bin/lockyard.js', import.meta.url).pathname;
const PG_URL = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);

function seconds(from: bigint) {
  return Number(process.hrtime.bigint() - from) / 1e9;
}

function median(xs: number[]) {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

function timeCommand(args: string[]): number {
  const t = process.hrtime.bigint();
  const r = spawnSync(process.execPath, args, { stdio: 'ignore' });
  if (r.status !== 0) throw new Error(`${args.join(' ')} exited ${r.status}`);
  return seconds(t);
}

/** Seconds from spawning `lockyard start` until it prints that it is listening; then stops it (SIGTERM). */
/** CPU seconds (user + system) a process has used so far: steadier than wall time on a loaded machine. */
function cpuSeconds(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100; // utime, stime in clock ticks (USER_HZ = 100)
}

function timeStart(args: string[]): Promise<{ seconds: number; cpu: number; rssMb: number }> {
  const t = process.hrtime.bigint();
  const child = spawn(process.execPath, [BIN, 'start', '--port', '0', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stderr.on('data', (d) => (out += d));
  return new Promise((resolve, reject) => {
    let result: { seconds: number; cpu: number; rssMb: number } | undefined;
    child.stdout.on('data', (d) => {
      out += d;
      if (result || !/Lockyard is running/.test(out)) return;
      const s = seconds(t);
      const rss =
        Number(
          spawnSync('ps', ['-o', 'rss=', '-p', String(child.pid)])
            .stdout.toString()
            .trim(),
        ) / 1024;
      result = { seconds: s, cpu: cpuSeconds(child.pid!), rssMb: rss };
      child.kill('SIGTERM');
    });
    child.once('exit', (code) =>
      result ? resolve(result) : reject(new Error(`lockyard start exited ${code}:\n${out}`)),
    );
  });
}

async function pgAdmin(text: string) {
  const c = new pg.Client({ connectionString: PG_URL });
  await c.connect();
  try {
    await c.query(text);
  } finally {
    await c.end();
  }
}

const stores = process.argv.slice(2).filter((a) => a === 'pglite' || a === 'postgres');
const which = stores.length ? stores : ['pglite', 'postgres'];

const bare = median(Array.from({ length: 5 }, () => timeCommand(['-e', '0'])));
const rows: Array<[string, number, number | undefined, string]> = [];
const row = (label: string, s: number, target?: number, extra = '') => rows.push([label, s, target, extra]);
row('bare node -e 0', bare);
row('lockyard --help', median(Array.from({ length: 5 }, () => timeCommand([BIN, '--help']))), 0.5);

for (const store of which) {
  const firsts: number[] = [];
  const warms: number[] = [];
  const firstCpu: number[] = [];
  const warmCpu: number[] = [];
  let rss = 0;
  for (let r = 0; r < ROUNDS; r++) {
    const dir = mkdtempSync(join(tmpdir(), 'lockyard-bench-start-'));
    const db = `bench_start_${process.pid}_${r}`;
    const args = ['--data-dir', dir];
    if (store === 'postgres') {
      await pgAdmin(`CREATE DATABASE "${db}"`);
      const u = new URL(PG_URL);
      u.pathname = `/${db}`;
      args.push('--database-url', u.toString());
    }
    try {
      const first = await timeStart(args);
      firsts.push(first.seconds);
      firstCpu.push(first.cpu);
      const warm = await timeStart(args);
      warms.push(warm.seconds);
      warmCpu.push(warm.cpu);
      rss = warm.rssMb;
    } finally {
      rmSync(dir, { recursive: true, force: true });
      if (store === 'postgres') await pgAdmin(`DROP DATABASE IF EXISTS "${db}"`);
    }
  }
  row(`${store} first start (seed)`, median(firsts), 5, `CPU ${median(firstCpu).toFixed(2)} s`);
  row(
    `${store} warm start`,
    median(warms),
    1.5,
    `CPU ${median(warmCpu).toFixed(2)} s, RSS at listen ${rss.toFixed(0)} MB`,
  );
}

console.log(`\nstart time (median of ${ROUNDS}; ${which.join(', ')}; node ${process.version})`);
for (const [label, s, target, extra] of rows) {
  const verdict = target === undefined ? '' : s < target ? `  < ${target} s  ok` : `  ≥ ${target} s  MISSED`;
  console.log(
    `${label.padEnd(28)} ${s.toFixed(2).padStart(6)} s  ${(s / bare).toFixed(1).padStart(5)}x bare node${verdict}${extra ? `  (${extra})` : ''}`,
  );
}
