// Child process for the API benchmark: a seeded Lockyard on a given store, limits lifted, listening on a port.
import { createLockyard } from '../src/main.ts';
import { seedDemo } from '../src/sandbox/seed/demo.ts';
import { updateOperatorRateLimits } from '../src/storage/repos/operators.repo.ts';

const [store, port] = [process.argv[2], Number(process.argv[3])];
const database =
  store === 'postgres'
    ? {
        url: process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test',
        schema: `bench_${process.pid}`,
      }
    : {};
const lockyard = await createLockyard({ database, publicUrl: `http://127.0.0.1:${port}`, logLevel: false });
const creds = await seedDemo({
  db: lockyard.database.db,
  clock: lockyard.clock,
  tokens: lockyard.services.tokens,
  events: lockyard.services.events,
});
for (const o of creds.operators) await updateOperatorRateLimits(lockyard.database.db, o.id, 1e9, 1e9);
await lockyard.app.listen({ port, host: '127.0.0.1' });
process.send?.({ ready: true, token: creds.operators[0].access_token });
process.on('message', async (m: { stop?: boolean }) => {
  if (!m.stop) return;
  if (store === 'postgres')
    await lockyard.database.db.schema.dropSchema(`bench_${process.pid}`).ifExists().cascade().execute();
  await lockyard.close();
  process.exit(0);
});
