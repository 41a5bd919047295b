import type { FastifyInstance, FastifyRequest } from 'fastify';
import { DomainError } from '../../kernel/errors.ts';
import { BUILTIN_PATH } from '../../addons-builtin/builtin-addons.ts';

/** The bytes a delivery was sent as: the signature covers exactly those, not a re-serialisation. */
const RAW = Symbol('raw body');
type WithRaw = FastifyRequest & { [RAW]?: string };

/**
 * Where Lockyard's own add-ons listen: `POST /addons/builtin/{code}/webhook`, the webhook URL of their definitions
 * (docs/addons.md). The body is parsed (the input guard checks it like any other) and its raw text kept for the
 * signature check.
 */
export async function builtinAddonsPlugin(root: FastifyInstance) {
  const builtins = root.lockyard.builtinAddons;
  if (!builtins) return;
  await root.register(async (app) => {
    app.removeContentTypeParser(['application/json']);
    app.addContentTypeParser('application/json', { parseAs: 'string' }, (req, body, done) => {
      (req as WithRaw)[RAW] = body as string;
      try {
        done(null, JSON.parse(body as string));
      } catch {
        done(new DomainError('invalid_request', 'The request body is not valid JSON.'), undefined);
      }
    });
    app.post<{ Params: { code: string } }>(`${BUILTIN_PATH}/:code/webhook`, async (request, reply) => {
      const signature = request.headers['sg-signature'];
      const res = await builtins.receive(
        request.params.code,
        (request as WithRaw)[RAW] ?? '',
        typeof signature === 'string' ? signature : undefined,
      );
      return reply.code(res.status).type('application/json; charset=utf-8').send(res.body);
    });
  });
}
