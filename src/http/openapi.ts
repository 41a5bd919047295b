import type { FastifyInstance } from 'fastify';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';

/** OpenAPI 3.1 generated from the route declarations that also validate requests. */
export async function registerOpenApi(app: FastifyInstance, _modules: unknown[]) {
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: { title: 'Lockyard Public API (Stora 2025-09 compatible)', version: '2025-09' },
      servers: [{ url: app.lockyard.config.publicUrl }],
      components: { securitySchemes: { bearerAuth: { type: 'http', scheme: 'bearer' } } },
    },
    hideUntagged: true,
  });
  await app.register(swaggerUi, { routePrefix: '/docs', staticCSP: false });
  app.get('/2025-09/openapi.json', { schema: { hide: true } }, async () => app.swagger());
}
