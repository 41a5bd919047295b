import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';

/**
 * AES-256-GCM for what add-ons entrust to Lockyard (signing secrets, secret custom-field values). The key comes from
 * LOCKYARD_SECRETS_KEY or the data dir (main.ts); sealed text is `v1.<iv>.<tag>.<ciphertext>` in base64url.
 */
export interface Sealer {
  seal(plain: string): string;
  open(sealed: string): string;
}

export function sealer(key: Buffer): Sealer {
  if (key.length !== 32) key = createHash('sha256').update(key).digest();
  return {
    seal(plain) {
      const iv = randomBytes(12);
      const c = createCipheriv('aes-256-gcm', key, iv);
      const ct = Buffer.concat([c.update(plain, 'utf8'), c.final()]);
      return ['v1', iv, c.getAuthTag(), ct].map((p) => (typeof p === 'string' ? p : p.toString('base64url'))).join('.');
    },
    open(sealed) {
      const [v, iv, tag, ct] = sealed.split('.');
      if (v !== 'v1' || !iv || !tag || ct === undefined) throw new Error('not a sealed value');
      const d = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'));
      d.setAuthTag(Buffer.from(tag, 'base64url'));
      return Buffer.concat([d.update(Buffer.from(ct, 'base64url')), d.final()]).toString('utf8');
    },
  };
}

export const hashApiKey = (key: string) => createHash('sha256').update(key, 'utf8').digest('hex');
