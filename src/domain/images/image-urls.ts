import { createHmac, timingSafeEqual } from 'node:crypto';

export const IMAGE_VARIANTS = ['small', 'medium', 'large'] as const;
export type ImageVariant = (typeof IMAGE_VARIANTS)[number];

export interface ImageToken {
  id: string;
  name: string;
  variant?: ImageVariant;
}

/** `<base64 JSON>--<hex HMAC>`, the shape of the reference's permanent image URLs. */
export function signImageToken(secret: string, token: ImageToken): string {
  const data = Buffer.from(JSON.stringify(token)).toString('base64');
  return `${data}--${createHmac('sha1', secret).update(data).digest('hex')}`;
}

export function verifyImageToken(secret: string, raw: string): ImageToken | null {
  const sep = raw.lastIndexOf('--');
  if (sep < 1) return null;
  const data = raw.slice(0, sep);
  const given = Buffer.from(raw.slice(sep + 2), 'hex');
  const expected = createHmac('sha1', secret).update(data).digest();
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
  try {
    const parsed = JSON.parse(Buffer.from(data, 'base64').toString('utf8'));
    if (typeof parsed?.id !== 'string' || typeof parsed?.name !== 'string') return null;
    return parsed as ImageToken;
  } catch {
    return null;
  }
}

export function imageUrls(publicUrl: string, secret: string, ownerId: string, image: { filename: string } | null) {
  if (!image) return { default: null };
  const url = (variant?: ImageVariant) =>
    `${publicUrl}/2025-09/images/${signImageToken(secret, variant ? { id: ownerId, name: 'default', variant } : { id: ownerId, name: 'default' })}/${encodeURIComponent(image.filename)}`;
  return { default: { original: url(), small: url('small'), medium: url('medium'), large: url('large') } };
}
