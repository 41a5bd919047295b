import { Type } from '@sinclair/typebox';
import { defineRoute } from '../../http/route.ts';
import type { ResourceModule } from '../module.ts';

const getImage = defineRoute({
  method: 'GET',
  path: '/images/:token/:filename',
  scope: null,
  public: true,
  operationId: 'getImage',
  summary: 'Get an image',
  tag: 'Images',
  params: Type.Object({ token: Type.String({ maxLength: 2000 }), filename: Type.String({ maxLength: 255 }) }),
  envelope: { kind: 'redirect' },
  handler: (ctx, { params }) => ctx.services.images.storageUrlFor(ctx.publicUrl, params.token, params.filename),
});

const storageImage = defineRoute({
  method: 'GET',
  prefix: '/storage',
  path: '/images/:image_id/:variant/:filename',
  scope: null,
  public: true,
  operationId: 'getStoredImage',
  summary: 'Temporary image storage URL (5 minutes)',
  tag: 'Images',
  params: Type.Object({ image_id: Type.String(), variant: Type.String(), filename: Type.String() }),
  query: Type.Object({ expires: Type.Integer(), signature: Type.String({ maxLength: 128 }) }),
  envelope: { kind: 'file' },
  handler: async (ctx, { params, query }) => {
    const path = `/storage/images/${params.image_id}/${params.variant}/${encodeURIComponent(params.filename)}`;
    return ctx.services.images.fromStorageUrl(path, params.image_id, query.expires, query.signature);
  },
});

export const imagesModule: ResourceModule = { routes: [getImage, storageImage], types: [] };
