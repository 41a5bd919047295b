// `npm start -w @lockyard/booking-app`: the reference booking app on APP_PORT (default 4200).
import { createServer } from 'node:http';
import { createBookingApp } from './app.ts';

const env = (name: string, fallback?: string) => {
  const v = process.env[name] ?? fallback;
  if (v === undefined)
    throw new Error(`${name} is required (create a partner app: npx lockyard apps create --partner …)`);
  return v;
};
const port = Number(env('APP_PORT', '4200'));
const { handle } = createBookingApp({
  appName: env('APP_NAME', 'Storefront Demo'),
  publicUrl: env('APP_PUBLIC_URL', `http://localhost:${port}`),
  storaUrl: env('STORA_URL', 'http://localhost:4000'),
  clientId: env('STORA_CLIENT_ID'),
  clientSecret: env('STORA_CLIENT_SECRET'),
});
createServer(handle).listen(port, () => console.log(`Booking app on http://localhost:${port}`));
