import { readServerFile, processAlive } from './server-file.ts';
import { storeFingerprint, type StoreFlags } from './store-options.ts';

// The CLI's fast path: node built-ins and fetch. The platform (src/admin/local.ts → main.ts) is imported only when
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

async function callServer(target: Target, name: string, input: Record<string, unknown>): Promise<AdminOutput> {
  const res = await fetch(`${target.url}/_admin/${name}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${target.token}` },
    body: JSON.stringify(input),
  });
  const body = (await res.json().catch(() => ({}))) as AdminOutput & { error?: { message: string } };
  if (!res.ok) throw new ServerRefused(body.error?.message ?? `the server answered HTTP ${res.status}`);
  return body;
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
