import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { randomBytes } from 'node:crypto';
import type { Db } from './database.ts';
import { initSetting } from './repos/images.repo.ts';

/**
 * The key that seals add-on secrets. Given (option or LOCKYARD_SECRETS_KEY: 64 hex digits, or any string, hashed by
 * the sealer); else `secrets.key` (0600) beside a PGlite data dir, so a copy of the database alone does not open them;
 * else, for a PostgreSQL store without the variable, one kept in the database (set LOCKYARD_SECRETS_KEY in production).
 */
export async function addonSecretsKey(db: Db, opts: { key?: string | Buffer; dataDir?: string }): Promise<Buffer> {
  if (Buffer.isBuffer(opts.key)) return opts.key;
  if (opts.key) return /^[0-9a-f]{64}$/i.test(opts.key) ? Buffer.from(opts.key, 'hex') : Buffer.from(opts.key, 'utf8');
  if (opts.dataDir) {
    const file = join(dirname(opts.dataDir), 'secrets.key');
    if (!existsSync(file)) {
      mkdirSync(dirname(file), { recursive: true });
      writeFileSync(file, randomBytes(32).toString('hex') + '\n', { mode: 0o600, flag: 'wx' });
    }
    return Buffer.from(readFileSync(file, 'utf8').trim(), 'hex');
  }
  return Buffer.from(await initSetting(db, 'addon_secrets_key', randomBytes(32).toString('hex')), 'hex');
}
