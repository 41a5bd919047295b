import { request } from 'node:http';
import { readServerFile, processAlive } from './server-file.ts';
import { storeFingerprint, type StoreFlags } from './store-options.ts';

// The CLI's fast path: node built-ins only (node:http rather than fetch, whose first use loads undici: ~0.15 s). The platform (src/admin/local.ts → main.ts) is imported only when
// no server runs on the store.

export interface AdminOutput {
  stdout: string;
  stderr?: string;
  data?: unknown;
}

interface Target {
  url: string;
  token: string;
  /** Found through server.json (not --url): when it does not answer, the store is opened instead. */
  discovered: boolean;
}

/** The server running on these store flags, if any: `--url`, else the data dir's server.json (same store, live pid). */
export function serverTarget(flags: StoreFlags): Target | null {
  const file = readServerFile(flags.dataDir);
  const token = flags.adminToken ?? process.env.LOCKYARD_ADMIN_TOKEN ?? file?.admin_token;
  if (flags.url) {
    if (!token) throw new Error('--url needs the admin token: --admin-token or $LOCKYARD_ADMIN_TOKEN');
    return { url: flags.url.replace(/\/$/, ''), token, discovered: false };
  }
  if (!file || file.store !== storeFingerprint(flags) || !processAlive(file.pid)) return null;
  return { url: file.url, token: token!, discovered: true };
}

class ServerRefused extends Error {}

function callServer(target: Target, name: string, input: Record<string, unknown>): Promise<AdminOutput> {
  const payload = JSON.stringify(input);
  return new Promise((resolve, reject) => {
    const req = request(
      `${target.url}/_admin/${name}`,
      {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(payload),
          authorization: `Bearer ${target.token}`,
        },
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => (text += c));
        res.on('error', reject);
        res.on('end', () => {
          let body: AdminOutput & { error?: { message: string } } = { stdout: '' };
          try {
            body = JSON.parse(text);
          } catch {
            // not JSON: reported by status below
          }
          const status = res.statusCode ?? 0;
          if (status >= 200 && status < 300) return resolve(body);
          reject(new ServerRefused(body.error?.message ?? `the server answered HTTP ${status}`));
        });
      },
    );
    req.on('error', reject);
    req.end(payload);
  });
}

/** Runs one data command: on the running server when there is one, else by opening the store here. */
export async function runAdmin(flags: StoreFlags, name: string, input: Record<string, unknown>): Promise<AdminOutput> {
  const target = serverTarget(flags);
  if (target) {
    try {
      return await callServer(target, name, input);
    } catch (err) {
      if (err instanceof ServerRefused || !target.discovered) throw err;
      // A stale server.json (the server died without removing it): open the store instead.
    }
  }
  const { runLocally } = await import('../admin/local.ts');
  return runLocally(flags, name, input);
}

/** Runs a command and prints what it returns. */
export async function printAdmin(flags: StoreFlags, name: string, input: Record<string, unknown>): Promise<void> {
  const out = await runAdmin(flags, name, input);
  if (out.stdout) process.stdout.write(out.stdout);
  if (out.stderr) process.stderr.write(out.stderr);
}
