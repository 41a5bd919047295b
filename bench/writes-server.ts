// Child process for the writes benchmark: an API process on an already seeded PostgreSQL schema, listening on a port.
import { createLockyard } from '../src/main.ts';

const [url, schema, port] = [process.argv[2], process.argv[3], Number(process.argv[4])];
const lockyard = await createLockyard({
  database: { url, schema },
  publicUrl: `http://127.0.0.1:${port}`,
  logLevel: false,
});
await lockyard.app.listen({ port, host: '127.0.0.1' });
process.send?.({ ready: true });
process.on('message', async (m: { stop?: boolean }) => {
  if (!m.stop) return;
  await lockyard.close();
  process.exit(0);
});
