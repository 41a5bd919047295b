import formbody from '@fastify/formbody';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { DomainError } from '../kernel/errors.ts';
import { statusOf } from '../http/errors.ts';
import { SCOPES } from '../kernel/scopes.ts';
import { OAuthError } from '../domain/oauth/oauth-error.ts';
import type { ClientCredentials } from '../domain/oauth/token-endpoint.service.ts';

/**
 * The OAuth 2.0 endpoints. Not under /2025-09 and not in the API envelope: bare RFC 6749 JSON, as Doorkeeper
 * (which the reference's shapes come from) answers. Encapsulated, so form bodies are accepted here only.
 */
export async function oauthPlugin(root: FastifyInstance) {
  await root.register(async (app) => {
    await app.register(formbody);
    const { services, config } = app.lockyard;
    const endpoint = services.oauth.endpoint;

    const onError = (err: unknown, request: FastifyRequest, reply: FastifyReply) =>
      sendOAuthError(reply, toOAuthError(err, request));
    app.setErrorHandler(onError);
    root.lockyard.surfaces.push({ prefixes: ['/oauth2/', '/.well-known/oauth-authorization-server'], handle: onError });

    app.post('/oauth2/token', async (request, reply) => {
      const params = bodyParams(request);
      const result = await endpoint.token(params, clientCredentials(request, params));
      return noStore(reply).send(result);
    });

    app.post('/oauth2/revoke', async (request, reply) => {
      const params = bodyParams(request);
      try {
        await endpoint.revoke(params, clientCredentials(request, params));
      } catch (err) {
        // RFC 7009 §2.1 leaves the status open; Doorkeeper answers a foreign token with 403.
        if (err instanceof OAuthError && err.error === 'unauthorized_client') return sendOAuthError(reply, err, 403);
        throw err;
      }
      return noStore(reply).send({});
    });

    app.post('/oauth2/introspect', async (request, reply) => {
      const params = bodyParams(request);
      const bearer = bearerToken(request);
      let caller: Parameters<typeof endpoint.introspect>[1];
      if (bearer !== undefined) {
        const { operatorId, principal } = await authenticateBearer(app, bearer);
        caller = { operatorId, applicationId: principal.applicationId };
      } else {
        const creds = clientCredentials(request, params);
        caller = { client: await services.oauth.applications.authenticateClient(creds.clientId, creds.clientSecret) };
      }
      return noStore(reply).send(await endpoint.introspect(params.token, caller));
    });

    app.get('/oauth2/token/info', async (request, reply) => {
      const bearer = bearerToken(request);
      await authenticateBearer(app, bearer);
      return noStore(reply).send(await endpoint.info(bearer!));
    });

    // RFC 8414. The authorization endpoint is served by the back office on this same host.
    app.get('/.well-known/oauth-authorization-server', async (_request, reply) => {
      const base = config.publicUrl;
      return reply.header('Cache-Control', 'public, max-age=3600').send({
        issuer: base,
        authorization_endpoint: `${base}/oauth2/authorize`,
        token_endpoint: `${base}/oauth2/token`,
        revocation_endpoint: `${base}/oauth2/revoke`,
        introspection_endpoint: `${base}/oauth2/introspect`,
        scopes_supported: [...SCOPES],
        response_types_supported: ['code'],
        response_modes_supported: ['query'],
        grant_types_supported: ['authorization_code', 'client_credentials', 'refresh_token'],
        token_endpoint_auth_methods_supported: ['client_secret_basic', 'client_secret_post'],
        revocation_endpoint_auth_methods_supported: ['client_secret_basic', 'client_secret_post'],
        introspection_endpoint_auth_methods_supported: ['client_secret_basic', 'client_secret_post', 'bearer'],
        code_challenge_methods_supported: ['S256'],
        service_documentation: `${base}/docs`,
      });
    });
  });
}

function noStore(reply: FastifyReply) {
  return reply.header('Cache-Control', 'no-store').header('Pragma', 'no-cache').type('application/json; charset=utf-8');
}

/** JSON or form body as a flat map; RFC 6749 §3.2 forbids repeated parameters. */
function bodyParams(request: FastifyRequest): Record<string, unknown> {
  const body = request.body ?? {};
  if (typeof body !== 'object' || Array.isArray(body))
    throw new OAuthError('invalid_request', 'The request body must be a JSON object or form-encoded.');
  const params = body as Record<string, unknown>;
  for (const [key, value] of Object.entries(params)) {
    if (Array.isArray(value)) throw new OAuthError('invalid_request', `Parameter ${key} must not be repeated.`);
    if (value !== null && typeof value === 'object')
      throw new OAuthError('invalid_request', `Parameter ${key} must be a string.`);
  }
  return params;
}

function bearerToken(request: FastifyRequest): string | undefined {
  return request.headers.authorization?.match(/^Bearer\s+(.+)$/i)?.[1]?.trim();
}

/** RFC 6749 §2.3.1: HTTP Basic (form-urlencoded id and secret) or the body, never both. */
function clientCredentials(request: FastifyRequest, params: Record<string, unknown>): ClientCredentials {
  const basic = request.headers.authorization?.match(/^Basic\s+(.+)$/i)?.[1];
  if (!basic) return { clientId: params.client_id, clientSecret: params.client_secret };
  if (params.client_secret !== undefined)
    throw new OAuthError('invalid_request', 'Use one client authentication method, not both.');
  const decoded = Buffer.from(basic, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) throw new OAuthError('invalid_client', 'Malformed HTTP Basic credentials.');
  const form = (s: string) => {
    try {
      return decodeURIComponent(s.replace(/\+/g, ' '));
    } catch {
      throw new OAuthError('invalid_client', 'Malformed HTTP Basic credentials.');
    }
  };
  const clientId = form(decoded.slice(0, colon));
  if (params.client_id !== undefined && params.client_id !== clientId)
    throw new OAuthError('invalid_request', 'client_id does not match the HTTP Basic credentials.');
  return { clientId, clientSecret: form(decoded.slice(colon + 1)) };
}

async function authenticateBearer(app: FastifyInstance, bearer: string | undefined) {
  try {
    return await app.lockyard.services.tokens.authenticate(bearer);
  } catch (err) {
    if (err instanceof DomainError && err.code === 'invalid_token')
      throw new OAuthError(
        'invalid_token',
        err.message === 'invalid_token' ? 'The access token is invalid.' : err.message,
      );
    throw err;
  }
}

function toOAuthError(err: unknown, request: FastifyRequest): OAuthError {
  if (err instanceof OAuthError) return err;
  if (err instanceof DomainError) {
    if (err.code === 'invalid_token') return new OAuthError('invalid_token', 'The access token is invalid.');
    // Refused input (src/http/middleware/input-guard.ts): OAuth names no field, so the first detail says which.
    if (statusOf(err) < 500) {
      const detail = err.details[0];
      return new OAuthError(
        'invalid_request',
        oauthText(detail ? `${detail.message}.` : err.message === err.code ? 'The request is not valid.' : err.message),
      );
    }
  }
  const status = (err as { statusCode?: number }).statusCode;
  if (typeof status === 'number' && status >= 400 && status < 500) {
    return new OAuthError(
      'invalid_request',
      'The request must be application/json or application/x-www-form-urlencoded.',
    );
  }
  request.log.error({ err }, 'unhandled OAuth error');
  throw err;
}

/** RFC 6749 §5.2: error_description is printable ASCII without `"` and `\`. */
function oauthText(s: string): string {
  return s.replace(/[^\x20-\x21\x23-\x5B\x5D-\x7E]/g, '?');
}

const STATUS: Partial<Record<OAuthError['error'], number>> = { invalid_client: 401, invalid_token: 401 };

function sendOAuthError(reply: FastifyReply, err: OAuthError, status = STATUS[err.error] ?? 400) {
  if (err.error === 'invalid_client') reply.header('WWW-Authenticate', 'Basic realm="lockyard"');
  if (err.error === 'invalid_token') reply.header('WWW-Authenticate', `Bearer error="invalid_token"`);
  return noStore(reply).code(status).send({ error: err.error, error_description: err.description });
}
