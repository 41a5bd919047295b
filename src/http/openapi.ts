import type { FastifyInstance } from 'fastify';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { RouteSpec } from './route.ts';
import { oauthPaths, oauthScheme } from './openapi-oauth.ts';
import { webhooksOf } from './openapi-webhooks.ts';

const DESCRIPTION = `Self-hostable, wire-compatible with the Stora Public API 2025-09: the same paths, bodies, errors and webhooks.

Authenticate with \`Authorization: Bearer <token>\`: a static access token (back office → Settings → Public API, or \`lockyard tokens create\`) or an OAuth access token from \`/oauth2/token\`. Every operation names the one scope it needs; a token without it gets \`403 forbidden\`.

**Errors** are one envelope, \`{"error": {"code", "type", "message", "details", "links", "request_id"}}\`, with the status of its code: see the [error catalogue](/docs/errors). **Webhooks**: every event type and its payload is listed under Webhooks.

Guides: [quickstart](/docs/guides/quickstart), [booking flow](/docs/guides/booking-flow), [webhooks and signatures](/docs/guides/webhooks), [OAuth](/docs/guides/oauth), [the sandbox](/docs/guides/sandbox).`;

/** OpenAPI 3.1 generated from the route declarations that also validate requests. */
export async function registerOpenApi(app: FastifyInstance, modules: Array<{ routes: RouteSpec[] }>) {
  const routes = modules.flatMap((m) => m.routes);
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Lockyard Public API (Stora 2025-09 compatible)',
        version: '2025-09',
        description: DESCRIPTION,
      },
      servers: [{ url: app.lockyard.config.publicUrl }],
      components: {
        securitySchemes: {
          bearerAuth: {
            type: 'http',
            scheme: 'bearer',
            description: 'A static access token or an OAuth access token; each operation lists the scope it needs.',
          },
          oauth2: oauthScheme(app.lockyard.config.publicUrl),
        },
      },
    },
    hideUntagged: true,
    // The OAuth endpoints and the webhooks are not declared routes: added to the generated document here.
    transformObject: (documentObject) => {
      const doc = (documentObject as unknown as { openapiObject: Record<string, any> }).openapiObject;
      const publicUrl = app.lockyard.config.publicUrl;
      // The public URL may be set only once listening (`--port 0`): the document follows it.
      doc.servers = [{ url: publicUrl }];
      doc.components.securitySchemes.oauth2 = oauthScheme(publicUrl);
      doc.paths = { ...doc.paths, ...oauthPaths() };
      doc.webhooks = webhooksOf(routes);
      // A route that takes no body at all says so (generated clients make the argument optional).
      for (const r of routes.filter((r) => r.bodyOptional)) {
        const op =
          doc.paths[(r.prefix ?? '/2025-09') + r.path.replace(/:([a-z_]+)/g, '{$1}')]?.[r.method.toLowerCase()];
        if (op?.requestBody) op.requestBody.required = false;
      }
      return doc;
    },
  });
  await app.register(swaggerUi, { routePrefix: '/docs', staticCSP: false });
  app.get('/2025-09/openapi.json', { schema: { hide: true } }, async () => app.swagger());
}
