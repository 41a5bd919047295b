// `npm start -w @lockyard/oauth-broker`: the broker on BROKER_PORT (default 4100), state in DATABASE_URL or PGlite.
import { createServer } from 'node:http';
import { createBroker } from './broker.ts';
import { openStore } from './store.ts';

const env = (name: string, fallback?: string) => {
  const v = process.env[name] ?? fallback;
  if (v === undefined) throw new Error(`${name} is required`);
  return v;
};
const port = Number(env('BROKER_PORT', '4100'));
const store = await openStore({
  url: process.env.DATABASE_URL,
  dataDir: process.env.DATABASE_URL ? undefined : env('BROKER_DATA_DIR', './.broker'),
});
const handle = createBroker({
  store,
  publicUrl: env('BROKER_PUBLIC_URL', `http://localhost:${port}`),
  issuer: env('STORA_ISSUER', 'http://localhost:4000'),
  clientId: env('STORA_CLIENT_ID'),
  clientSecret: env('STORA_CLIENT_SECRET'),
  scope: env('STORA_SCOPE'),
});
createServer(handle).listen(port, () => console.log(`OAuth broker on http://localhost:${port}`));
