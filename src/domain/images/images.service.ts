import { createHmac, timingSafeEqual } from 'node:crypto';
import { DomainError } from '../../kernel/errors.ts';
import type { Clock } from '../../kernel/clock.ts';
import type { Db } from '../../storage/database.ts';
import * as images from '../../storage/repos/images.repo.ts';
import { imageUrls, verifyImageToken } from './image-urls.ts';

const STORAGE_URL_TTL_S = 300;

/** Permanent signed image URLs that redirect to storage URLs valid for five minutes. */
export function imagesService({ db, clock, imageSecret }: { db: Db; clock: Clock; imageSecret: string }) {
  const sign = (path: string, expires: number) =>
    createHmac('sha256', imageSecret).update(`${path}:${expires}`).digest('hex');

  return {
    urls: (publicUrl: string, ownerId: string, image: { filename: string } | null) =>
      imageUrls(publicUrl, imageSecret, ownerId, image),

    /** Checks a permanent URL's token and returns the temporary storage URL to redirect to. */
    async storageUrlFor(publicUrl: string, token: string, filename: string): Promise<string> {
      const parsed = verifyImageToken(imageSecret, token);
      const image = parsed && (await images.findImageByOwner(db, parsed.id, parsed.name));
      if (!parsed || !image || image.filename !== filename) {
        throw new DomainError('resource_not_found', 'The requested image was not found.');
      }
      const path = `/storage/images/${image.id}/${parsed.variant ?? 'original'}/${encodeURIComponent(image.filename)}`;
      const expires = Math.floor(clock.now().getTime() / 1000) + STORAGE_URL_TTL_S;
      return `${publicUrl}${path}?expires=${expires}&signature=${sign(path, expires)}`;
    },

    /** Serves a storage URL while its signature holds and it has not expired. */
    async fromStorageUrl(path: string, imageId: string, expires: number, signature: string) {
      const expected = Buffer.from(sign(path, expires), 'hex');
      const given = Buffer.from(signature, 'hex');
      const valid = given.length === expected.length && timingSafeEqual(given, expected);
      if (!valid || expires < clock.now().getTime() / 1000) {
        throw new DomainError(
          'forbidden',
          'This image link has expired or is not valid. Request the permanent image URL again.',
        );
      }
      const stored = await images.findImageById(db, imageId);
      if (!stored) throw new DomainError('resource_not_found', 'The requested image was not found.');
      return { contentType: stored.contentType, data: stored.data };
    },
  };
}
