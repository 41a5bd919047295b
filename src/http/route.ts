import type { TSchema, Static } from '@sinclair/typebox';
import type { Scope } from '../kernel/scopes.ts';
import type { RequestContext } from './context.ts';

export type Wire = Record<string, unknown>;

/** How the handler's result is wrapped: `{site: …}`, `{sites: […]}` or `{success: {message}}`. */
export type Envelope =
  | { kind: 'one'; key: string; type: string }
  | { kind: 'list'; key: string; type: string }
  | { kind: 'success' }
  | { kind: 'raw' }
  /** handler returns the URL to redirect to (302) */
  | { kind: 'redirect' }
  /** handler returns `{ contentType, data, cacheSeconds? }` */
  | { kind: 'file' };

export interface ListResult {
  items: Wire[];
  total: number;
}

export interface SuccessResult {
  message: string;
  meta?: Record<string, unknown>;
}

export interface RouteInput<P extends TSchema, Q extends TSchema, B extends TSchema> {
  params: Static<P>;
  query: Static<Q>;
  body: Static<B>;
  /** The negotiated response format (`application/json` unless the route declares `formats`). */
  format: 'application/json' | ExtraFormat;
}

/**
 * What a `one` route's handler returns instead of the resource when `format` asks for a binary
 * document (a PDF): the http layer sends the bytes as they are, with no envelope.
 */
export interface BinaryResult {
  binary: { contentType: string; data: Uint8Array; filename?: string };
}

export function binaryResult(contentType: string, data: Uint8Array, filename?: string): BinaryResult {
  return { binary: { contentType, data, filename } };
}

export function isBinaryResult(r: unknown): r is BinaryResult {
  return !!r && typeof r === 'object' && 'binary' in r && !!(r as BinaryResult).binary?.data;
}

/** Media types a route can answer besides JSON (lists also answer CSV). */
export type ExtraFormat = 'text/csv' | 'application/pdf';

export interface RouteSpec<P extends TSchema = TSchema, Q extends TSchema = TSchema, B extends TSchema = TSchema> {
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE';
  /** Path below /2025-09, Fastify syntax (`/sites/:site_id`). */
  path: string;
  /** The scope the token needs; null: any valid token (sandbox controls). */
  scope: Scope | null;
  /** No token at all (images, health). */
  public?: boolean;
  /** Path prefix; defaults to the API version, `/2025-09`. */
  prefix?: string;
  operationId: string;
  summary: string;
  /** Notes for the reference (markdown); the scope sentence and conventions are added to it (openapi-describe.ts). */
  description?: string;
  tag: string;
  params?: P;
  query?: Q;
  body?: B;
  /** POST: no body at all reads as `{}` (every field of `body` is optional). */
  bodyOptional?: true;
  /** Response body schema, for the OpenAPI document and contract tests. */
  response?: TSchema;
  status?: number;
  envelope: Envelope;
  formats?: ExtraFormat[];
  /**
   * `false` for a POST whose work cannot run inside one transaction (it calls out over HTTP or runs the job
   * runner): its Idempotency-Key is claimed and completed around the work instead of with it.
   */
  transactional?: false;
  handler: (ctx: RequestContext, input: RouteInput<P, Q, B>) => Promise<unknown>;
}

/** Declares one endpoint; the http layer does auth, validation, envelopes and errors around it. */
export function defineRoute<P extends TSchema, Q extends TSchema, B extends TSchema>(
  spec: RouteSpec<P, Q, B>,
): RouteSpec {
  return spec as unknown as RouteSpec;
}
