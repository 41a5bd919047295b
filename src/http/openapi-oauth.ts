import { SCOPES } from '../kernel/scopes.ts';

/**
 * The OAuth 2.0 endpoints (src/oauth/) for the reference. They are plain Fastify routes answering bare RFC 6749
 * JSON, not declared routes, so their operations are written here; the OpenAPI test checks each one answers.
 */
const OAUTH_ERROR = {
  type: 'object',
  required: ['error'],
  properties: {
    error: {
      type: 'string',
      examples: ['invalid_request', 'invalid_client', 'invalid_grant', 'unauthorized_client', 'invalid_scope'],
    },
    error_description: { type: 'string' },
  },
};

const form = (properties: Record<string, object>, required: string[]) => ({
  required: true,
  content: { 'application/x-www-form-urlencoded': { schema: { type: 'object', required, properties } } },
});

const json = (description: string, schema: object) => ({ description, content: { 'application/json': { schema } } });

const errors = {
  '400': json(
    'An RFC 6749 §5.2 error (`invalid_request`, `invalid_grant`, `unauthorized_client`, `invalid_scope`).',
    OAUTH_ERROR,
  ),
  '401': json('`invalid_client`: the client authentication failed (with `WWW-Authenticate`).', OAUTH_ERROR),
};

const TOKEN = {
  type: 'object',
  required: ['access_token', 'token_type', 'expires_in', 'scope', 'created_at'],
  properties: {
    access_token: { type: 'string' },
    token_type: { type: 'string', const: 'Bearer' },
    expires_in: { type: 'integer', description: 'Seconds (7200).' },
    scope: { type: 'string', description: 'Space-separated scopes granted.' },
    created_at: { type: 'integer', description: 'Epoch seconds.' },
    refresh_token: { type: 'string', description: 'Authorization Code and refresh grants only; rotated on every use.' },
  },
};

const clientAuth =
  'Authenticate the client with HTTP Basic (`client_id:client_secret`) or with `client_id` and `client_secret` in the body.';

export function oauthPaths() {
  return {
    '/oauth2/token': {
      post: {
        operationId: 'oauthToken',
        summary: 'Get an access token',
        tags: ['OAuth'],
        security: [],
        description: [
          '`grant_type=client_credentials`: an operator application gets a token for its own operator.',
          '`grant_type=authorization_code`: a partner application exchanges the code from `/oauth2/authorize` (10 minutes, single use, PKCE `S256` verifier when a challenge was sent) for an access and a refresh token.',
          '`grant_type=refresh_token`: rotates the refresh token; presenting one already rotated out revokes the whole grant. `scope` may narrow, never widen.',
          `${clientAuth} Answers \`Cache-Control: no-store\`. See the [OAuth guide](/docs/guides/oauth).`,
        ].join('\n\n'),
        requestBody: form(
          {
            grant_type: { type: 'string', enum: ['client_credentials', 'authorization_code', 'refresh_token'] },
            client_id: { type: 'string' },
            client_secret: { type: 'string' },
            scope: { type: 'string', description: 'Space-separated; omitted means all of the application’s scopes.' },
            code: { type: 'string' },
            redirect_uri: { type: 'string' },
            code_verifier: { type: 'string' },
            refresh_token: { type: 'string' },
          },
          ['grant_type'],
        ),
        responses: { '200': json('The token.', TOKEN), ...errors },
      },
    },
    '/oauth2/revoke': {
      post: {
        operationId: 'oauthRevoke',
        summary: 'Revoke a token (disconnect)',
        tags: ['OAuth'],
        security: [],
        description: `RFC 7009. Either token of an Authorization Code pair revokes the whole grant: every access and refresh token it issued, so one call disconnects. A Client Credentials token is revoked alone. An unknown token answers \`200 {}\`; another client's token \`403 unauthorized_client\`. ${clientAuth}`,
        requestBody: form(
          {
            token: { type: 'string' },
            token_type_hint: { type: 'string', enum: ['access_token', 'refresh_token'] },
            client_id: { type: 'string' },
            client_secret: { type: 'string' },
          },
          ['token'],
        ),
        responses: {
          '200': json('Revoked (or unknown).', { type: 'object', additionalProperties: false }),
          ...errors,
          '403': json('`unauthorized_client`: the token belongs to another client.', OAUTH_ERROR),
        },
      },
    },
    '/oauth2/introspect': {
      post: {
        operationId: 'oauthIntrospect',
        summary: 'Introspect a token',
        tags: ['OAuth'],
        description:
          'RFC 7662. Call with a bearer access token (you see only your own operator’s tokens, and only your own application’s when it is an application token) or with client authentication (you see only your own tokens). Anything else is `{"active": false}`.',
        security: [{ bearerAuth: [] }, { oauth2: [] }, {}],
        requestBody: form(
          { token: { type: 'string' }, client_id: { type: 'string' }, client_secret: { type: 'string' } },
          ['token'],
        ),
        responses: {
          '200': json('The token’s state.', {
            type: 'object',
            required: ['active'],
            properties: {
              active: { type: 'boolean' },
              scope: { type: 'string' },
              client_id: { type: 'string' },
              token_type: { type: 'string', const: 'Bearer' },
              exp: { type: 'integer' },
              iat: { type: 'integer' },
            },
          }),
          ...errors,
        },
      },
    },
    '/oauth2/token/info': {
      get: {
        operationId: 'oauthTokenInfo',
        summary: 'Describe the calling token',
        tags: ['OAuth'],
        description:
          'The bearer token’s scopes, expiry (absolute epoch seconds, as the reference’s example gives it; `null` when it never expires), application and operator.',
        security: [{ bearerAuth: [] }, { oauth2: [] }],
        responses: {
          '200': json('The token.', {
            type: 'object',
            required: ['scope', 'expires_in', 'application', 'created_at', 'operator'],
            properties: {
              scope: { type: 'array', items: { type: 'string' } },
              expires_in: { type: ['integer', 'null'] },
              application: {
                oneOf: [
                  { type: 'object', required: ['uid'], properties: { uid: { type: 'string' } } },
                  { type: 'null' },
                ],
              },
              created_at: { type: 'integer' },
              operator: { type: 'object', required: ['name'], properties: { name: { type: 'string' } } },
            },
          }),
          '401': json('`invalid_token`.', OAUTH_ERROR),
        },
      },
    },
    '/.well-known/oauth-authorization-server': {
      get: {
        operationId: 'oauthMetadata',
        summary: 'Authorization server metadata',
        tags: ['OAuth'],
        security: [],
        description: 'RFC 8414: the endpoints, grant types, scopes and authentication methods this server supports.',
        responses: {
          '200': json('The metadata.', {
            type: 'object',
            required: ['issuer', 'authorization_endpoint', 'token_endpoint', 'scopes_supported'],
            properties: {
              issuer: { type: 'string', format: 'uri' },
              authorization_endpoint: { type: 'string', format: 'uri' },
              token_endpoint: { type: 'string', format: 'uri' },
              revocation_endpoint: { type: 'string', format: 'uri' },
              introspection_endpoint: { type: 'string', format: 'uri' },
              scopes_supported: { type: 'array', items: { type: 'string' } },
              response_types_supported: { type: 'array', items: { type: 'string' } },
              grant_types_supported: { type: 'array', items: { type: 'string' } },
              code_challenge_methods_supported: { type: 'array', items: { type: 'string' } },
              service_documentation: { type: 'string', format: 'uri' },
            },
          }),
        },
      },
    },
  };
}

/** The OAuth 2.0 security scheme: both flows, with every scope. */
export function oauthScheme(publicUrl: string) {
  const scopes = Object.fromEntries(SCOPES.map((s) => [s, s.replace(/^public\./, '').replace(':', ' ')]));
  return {
    type: 'oauth2' as const,
    description: 'Access tokens from `/oauth2/token`; send them as `Authorization: Bearer …` like a static token.',
    flows: {
      clientCredentials: { tokenUrl: `${publicUrl}/oauth2/token`, scopes },
      authorizationCode: {
        authorizationUrl: `${publicUrl}/oauth2/authorize`,
        tokenUrl: `${publicUrl}/oauth2/token`,
        refreshUrl: `${publicUrl}/oauth2/token`,
        scopes,
      },
    },
  };
}
