import cluster, { type Worker } from 'node:cluster';

/**
 * `lockyard start --api-processes N` (PostgreSQL): N API processes sharing one port through Node's cluster module
 * (the primary accepts connections and hands them round-robin to the processes). Each runs the same `start` command
 * with LOCKYARD_API_CHILD=1: it opens the store, serves HTTP and nothing else — the primary has migrated and seeded,
 * and runs the background jobs itself unless `--no-jobs`. A process that dies is replaced.
 * Rate limits are shared across them with --redis-url (docs/deploy/README.md).
 */
export async function forkApiProcesses(
  n: number,
  env: Record<string, string>,
): Promise<{ address: string; stop(): Promise<void> }> {
  let stopping = false;
  const fork = () =>
    new Promise<{ worker: Worker; address: string }>((resolve, reject) => {
      const worker = cluster.fork(env);
      worker.once('listening', (a) => {
        const host = a.address === null || a.address === '::' || a.address === '0.0.0.0' ? '127.0.0.1' : a.address;
        resolve({ worker, address: `http://${host.includes(':') ? `[${host}]` : host}:${a.port}` });
      });
      worker.once('exit', (code) => reject(new Error(`an API process exited (${code}) before listening`)));
    });
  const started = await Promise.all(Array.from({ length: n }, fork));
  const workers = new Set(started.map((s) => s.worker));
  cluster.on('exit', (worker, code, signal) => {
    workers.delete(worker);
    if (stopping) return;
    process.stderr.write(`lockyard: an API process exited (${signal ?? code}); starting another\n`);
    fork().then(
      (s) => workers.add(s.worker),
      (err) => process.stderr.write(`lockyard: ${err.message}\n`),
    );
  });
  return {
    address: started[0].address,
    async stop() {
      stopping = true;
      await Promise.all(
        [...workers].map(
          (w) =>
            new Promise<void>((resolve) => {
              if (w.isDead()) return resolve();
              w.once('exit', () => resolve());
              w.process.kill('SIGTERM');
            }),
        ),
      );
    },
  };
}
