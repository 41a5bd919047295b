import { createServer, type AddressInfo } from 'node:net';
import { createTestApp, type TestApp } from './test-app.ts';

export interface ListeningApp extends TestApp {
  /** `http://127.0.0.1:<port>`: the API, OAuth and back office of this test app on a real socket. */
  baseUrl: string;
}

/**
 * A test app on a real listening port (for clients that use fetch, like the SDK and the partner packages), with
 * its background work (webhook delivery) running. `close()` stops both.
 */
export async function createListeningApp(
  opts: Parameters<typeof createTestApp>[0] & { port?: number } = {},
): Promise<ListeningApp> {
  // The port is chosen first so that the public URL (OAuth issuer, redirects, checkout links) names it.
  const port = opts.port ?? (await freePort());
  const baseUrl = `http://127.0.0.1:${port}`;
  const t = await createTestApp({ ...opts, publicUrl: opts.publicUrl ?? baseUrl });
  await t.lockyard.app.listen({ port, host: '127.0.0.1' });
  await t.lockyard.start();
  return { ...t, baseUrl };
}

/** A port nothing listens on right now. */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}
