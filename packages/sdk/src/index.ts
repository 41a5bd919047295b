export { Stora, type StoraOptions } from './client.js';
export * from './core/errors.js';
export type { TokenSource } from './core/transport.js';
export type {
  BodyOf,
  DataOf,
  Download,
  ExpandedOf,
  ExpandPath,
  OperationId,
  Page,
  Paginated,
  Pagination,
  QueryOf,
  RequestOptions,
  ResourceName,
} from './core/types.js';
export type { Relations, Resources } from './generated/resources.js';
export { OPERATIONS } from './generated/resources.js';
export { OAuthClient, type OAuthClientOptions, type PendingAuthorization } from './oauth/oauth-client.js';
export { OAuthSession, type OAuthSessionOptions, type TokenStorage } from './oauth/oauth-session.js';
export { OAuthError, ReconnectNeeded, type TokenSet } from './oauth/tokens.js';
export { codeChallenge, randomToken } from './oauth/pkce.js';
export { constructEvent, signPayload, WebhookSignatureError } from './webhooks/signature.js';
export { EVENT_TYPES, type EventType, type WebhookEvent, type WebhookEventOf } from './webhooks/event-types.js';
