// Child process for the webhook benchmark: one delivery worker on a PostgreSQL schema, until told to stop.
import { createLockyard } from '../src/main.ts';

const [url, schema, concurrency] = [process.argv[2], process.argv[3], Number(process.argv[4])];
const lockyard = await createLockyard({ database: { url, schema }, logLevel: false });
const worker = lockyard.engines.jobs.worker({ listen: lockyard.database.listen, pollMs: 200, concurrency });
await worker.start();
process.send?.({ ready: true });
process.on('message', async (m: { stop?: boolean }) => {
  if (!m.stop) return;
  await worker.stop();
  await lockyard.close();
  process.exit(0);
});
