// API throughput against bare node:http returning the same JSON, measured in the same run (shared, noisy machines:
// only the ratio means something). Target: the API at ≥ 50 % of bare node:http.
import { fork, type ChildProcess } from 'node:child_process';
import autocannon from 'autocannon';

const DURATION = Number(process.env.BENCH_SECONDS ?? 4);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const PATH = '/2025-09/units?status=available&limit=1';

function start(script: string, args: string[]): Promise<{ child: ChildProcess; msg: any }> {
  const child = fork(new URL(script, import.meta.url).pathname, args, {
    execArgv: ['--import', 'tsx'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  return new Promise((resolve, reject) => {
    child.once('message', (msg) => resolve({ child, msg }));
    child.once('exit', (code) => reject(new Error(`${script} exited ${code}`)));
  });
}

async function load(url: string, headers: Record<string, string>) {
  const r = await autocannon({ url, headers, connections: 16, duration: DURATION });
  if (r.non2xx) throw new Error(`${r.non2xx} non-2xx responses from ${url}`);
  return { rps: r.requests.average, p99: r.latency.p99 };
}

function median(runs: Array<{ rps: number; p99: number }>) {
  const sorted = [...runs].sort((a, b) => a.rps - b.rps);
  return sorted[Math.floor(sorted.length / 2)];
}

async function stop(child: ChildProcess) {
  child.send({ stop: true });
  await new Promise((r) => child.once('exit', r));
}

export async function benchApi(stores: string[] = ['pglite', 'postgres']) {
  const rows: string[] = [];
  for (const [i, store] of stores.entries()) {
    const port = 4700 + i * 2;
    const api = await start('./api-server.ts', [store, String(port)]);
    const headers = { authorization: `Bearer ${api.msg.token}` };
    const body = await (await fetch(`http://127.0.0.1:${port}${PATH}`, { headers })).text();
    const bare = await start('./bare-server.ts', [String(port + 1), body]);
    // Warm up, then alternate baseline and API runs so drifting machine load hits both alike; keep medians.
    await autocannon({ url: `http://127.0.0.1:${port}${PATH}`, headers, connections: 4, duration: 2 });
    const bases = [];
    const apis = [];
    for (let r = 0; r < ROUNDS; r++) {
      bases.push(await load(`http://127.0.0.1:${port + 1}${PATH}`, {}));
      apis.push(await load(`http://127.0.0.1:${port}${PATH}`, headers));
    }
    const base = median(bases);
    const apiRes = median(apis);
    await stop(bare.child);
    await stop(api.child);
    const ratio = apiRes.rps / base.rps;
    rows.push(
      `${store.padEnd(8)} bare node:http ${base.rps.toFixed(0).padStart(6)} req/s p99 ${String(base.p99).padStart(4)} ms | ` +
        `API ${apiRes.rps.toFixed(0).padStart(6)} req/s p99 ${String(apiRes.p99).padStart(4)} ms | ratio ${(ratio * 100).toFixed(0)} % ` +
        `(target ≥ 50 %) ${ratio >= 0.5 ? 'MET' : 'NOT MET'}`,
    );
  }
  console.log(`\nGET ${PATH}, authenticated; medians of ${ROUNDS} alternating ${DURATION}s runs, 16 connections`);
  for (const r of rows) console.log(r);
}

if (import.meta.url === `file://${process.argv[1]}`) await benchApi();
