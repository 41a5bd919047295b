import { readFileSync } from 'node:fs';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { ERROR_CODES } from '../../http/errors.ts';
import { API_PREFIX } from '../../http/register-route.ts';
import { systemPrincipal } from '../../domain/context.ts';
import { docsErrorPage, errorsPage, guidePage, guidesIndex } from './docs.views.ts';
import { GUIDES, guideHtml } from './guides.ts';
import { landingPage, type LandingCredentials, type LandingFacts } from './landing.view.ts';
import { pageSecurityHeaders } from '../page-headers.ts';
import { pageErrorOf } from '../page-errors.ts';

const CSS = readFileSync(new URL('./assets/site.css', import.meta.url), 'utf8');
// The same relative path from src/web/landing and dist/web/landing.
const VERSION = (
  JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as { version: string }
).version;

export interface LandingOptions {
  store: 'pglite' | 'postgres';
  /** The demo seed's credentials (demo-credentials.json), shown in sandbox mode only. */
  demoCredentials?: () => LandingCredentials | undefined;
}

/** `/` (what is running and where to go), the guides under /docs/guides and the error catalogue at /docs/errors. */
export function landingPlugin(opts: LandingOptions) {
  return async (root: FastifyInstance) => {
    await root.register(async (app) => {
      pageSecurityHeaders(app, "'none'");
      const page = (reply: FastifyReply, body: string) => reply.type('text/html; charset=utf-8').send(body);
      // Refused input (NUL bytes, bad escapes) is a 4xx page like the other pages, never the API's JSON.
      const onError = (err: Error & { statusCode?: number }, request: FastifyRequest, reply: FastifyReply) => {
        const { status, reason } = pageErrorOf(err, request);
        return page(reply.code(status), docsErrorPage(status, reason));
      };
      app.setErrorHandler(onError);
      root.lockyard.surfaces.push({ prefixes: ['/docs/guides', '/docs/errors'], handle: onError });

      app.get('/', { schema: { hide: true } }, async (_request, reply) =>
        page(reply, await landingPage(await facts(app, opts))),
      );
      app.get('/assets/site.css', { schema: { hide: true } }, async (_request, reply) =>
        reply.type('text/css; charset=utf-8').header('Cache-Control', 'public, max-age=300').send(CSS),
      );
      app.get('/docs/guides', { schema: { hide: true } }, async (_request, reply) => page(reply, guidesIndex()));
      app.get<{ Params: { slug: string } }>(
        '/docs/guides/:slug',
        { schema: { hide: true } },
        async (request, reply) => {
          const guide = GUIDES.find((g) => g.slug === request.params.slug);
          if (!guide) return reply.code(404).type('text/html; charset=utf-8').send(guidesIndex());
          return page(reply, guidePage(guide, guideHtml(guide)));
        },
      );
      app.get('/docs/errors', { schema: { hide: true } }, async (_request, reply) =>
        page(reply, errorsPage(Object.entries(ERROR_CODES).map(([code, info]) => ({ code, ...info })))),
      );
    });
  };
}

async function facts(app: FastifyInstance, opts: LandingOptions): Promise<LandingFacts> {
  const { config, services } = app.lockyard;
  const credentials = config.sandbox ? opts.demoCredentials?.() : undefined;
  const served = (url: string) => app.hasRoute({ method: 'GET', url });
  const operators: LandingFacts['operators'] = [];
  for (const o of credentials?.operators ?? []) {
    const { operator } = await services.contexts.contextFor(o.id, systemPrincipal('portal')).catch(() => ({
      operator: null,
    }));
    if (!operator) continue; // reset since the credentials were recorded
    operators.push({
      name: operator.name,
      slug: operator.slug,
      portal: served('/portal/:slug') ? `/portal/${operator.slug}` : null,
      storefront: served('/storefront/:slug') ? `/storefront/${operator.slug}` : null,
    });
  }
  return {
    version: VERSION,
    apiVersion: API_PREFIX.slice(1),
    store: opts.store,
    sandbox: config.sandbox,
    publicUrl: config.publicUrl,
    operators,
    guides: [...GUIDES],
    credentials,
  };
}
