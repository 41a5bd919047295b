import { chmodSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

// On the CLI's fast path: node built-ins only.

/** `<data dir>/server.json`: how the CLI reaches the server running on this store (owner-only, 0600). */
export interface ServerFile {
  url: string;
  pid: number;
  /** The admin credential: a fresh random value on every start. */
  admin_token: string;
  /** `storeFingerprint` of the store the server runs on. */
  store: string;
  started_at: string;
}

export const serverFilePath = (dataDir: string) => join(resolve(dataDir), 'server.json');

export function writeServerFile(dataDir: string, file: ServerFile): string {
  const path = serverFilePath(dataDir);
  mkdirSync(resolve(dataDir), { recursive: true });
  const tmp = `${path}.${process.pid}.tmp`;
  writeFileSync(tmp, `${JSON.stringify(file, null, 2)}\n`, { mode: 0o600 });
  chmodSync(tmp, 0o600); // mode applies only when the file is created; the umask may have narrowed it anyway
  renameSync(tmp, path);
  return path;
}

export function readServerFile(dataDir: string): ServerFile | null {
  try {
    return JSON.parse(readFileSync(serverFilePath(dataDir), 'utf8')) as ServerFile;
  } catch {
    return null;
  }
}

/** Removed on a clean stop, only by the process that wrote it. */
export function removeServerFile(dataDir: string, pid = process.pid): void {
  if (readServerFile(dataDir)?.pid === pid) rmSync(serverFilePath(dataDir), { force: true });
}

export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}
