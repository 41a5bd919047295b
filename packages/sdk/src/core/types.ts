// Type helpers that turn the generated `operations` (openapi-typescript) into method signatures.
import type { operations } from '../generated/openapi.js';
import type { Relations, Resources } from '../generated/resources.js';

export type OperationId = keyof operations;
export type ResourceName = keyof Resources;

type Success<R> = R extends { 200: infer S } ? S : R extends { 201: infer S } ? S : never;
/** The JSON body of an operation's success response (the envelope with `meta`). */
export type DataOf<O extends OperationId> =
  Success<operations[O]['responses']> extends { content: { 'application/json': infer B } } ? B : never;
/** The JSON request body of an operation. */
export type BodyOf<O extends OperationId> =
  NonNullable<operations[O]['requestBody']> extends { content: { 'application/json': infer B } } ? B : never;

type RawQuery<O extends OperationId> = operations[O]['parameters'] extends { query?: infer Q } ? NonNullable<Q> : never;
/** Multi-value filters may be given as arrays (sent comma-separated), timestamps as Dates. */
type QueryValue<V> = V extends string ? V | Date | readonly string[] : V;
/** Query parameters of an operation; `expand` is a typed list whose entries change the result type. */
export type QueryOf<O extends OperationId, E extends string = string> = {
  [K in Exclude<keyof RawQuery<O>, 'expand'>]?: QueryValue<RawQuery<O>[K]>;
} & ('expand' extends keyof RawQuery<O> ? { expand?: readonly E[] } : unknown);

type Rel<R> = R extends keyof Relations ? Relations[R] : Record<never, never>;
type Keys<T> = keyof T & string;
/** The relation paths `expand` accepts for a resource type: `site`, `unit_type.site`… (others are passed through untyped). */
export type ExpandPath<R extends ResourceName> =
  { [K in Keys<Rel<R>>]: K | `${K}.${Keys<Rel<Rel<R>[K]>>}` }[Keys<Rel<R>>] | (string & {});

type Head<P extends string> = P extends `${infer H}.${string}` ? H : P;
type Sub<P extends string, H extends string> = P extends `${H}.${infer S}` ? S : never;
type ExpandField<V, Target, S extends string> = Target extends ResourceName
  ? V extends null
    ? null
    : V extends readonly unknown[]
      ? ExpandedOf<Target, S>[]
      : ExpandedOf<Target, S>
  : V;
/** A resource with the relations named in `E` replaced by the resources they point to. */
export type ExpandedOf<R extends ResourceName, E extends string = never> = [E] extends [never]
  ? Resources[R]
  : {
      [K in keyof Resources[R]]: K extends Head<E> & keyof Rel<R>
        ? ExpandField<Resources[R][K], Rel<R>[K], Sub<E, K & string>>
        : Resources[R][K];
    };

/** Per-call options. */
export interface RequestOptions {
  /** Sent on POST; one is generated (and reused across retries) when omitted. */
  idempotencyKey?: string;
  headers?: Record<string, string>;
  signal?: AbortSignal;
  /** Overrides the client's `maxRetries` for this call. */
  maxRetries?: number;
}

/** `meta.pagination` of every list, as the server's OpenAPI document describes it. */
export type Pagination = DataOf<'listSites'>['meta']['pagination'];

/** One page of a list: its items, the pagination block and the request id. */
export interface Page<T> {
  data: T[];
  pagination: Pagination;
  requestId: string;
}

/** A list call: `await` it for the first page, or `for await` over every item of every page. */
export interface Paginated<T> extends AsyncIterable<T>, PromiseLike<Page<T>> {
  /** Every page in turn. */
  pages(): AsyncIterable<Page<T>>;
  /** Every item, up to `max` (default 10,000). */
  toArray(max?: number): Promise<T[]>;
}

/** A CSV or PDF rendering. */
export interface Download {
  contentType: string;
  filename: string | undefined;
  requestId: string | undefined;
  data: Uint8Array;
  text(): string;
}

/** What the generated resource classes call. */
export interface ApiTransport {
  one(
    method: string,
    path: string,
    params: Record<string, string>,
    input: { body?: unknown; query?: object; key: string | null },
    options?: RequestOptions,
  ): Promise<any>;
  paginate(
    method: string,
    path: string,
    params: Record<string, string>,
    query: object | undefined,
    key: string,
    options?: RequestOptions,
  ): Paginated<any>;
  download(
    method: string,
    path: string,
    params: Record<string, string>,
    query: object | undefined,
    accept: string,
    options?: RequestOptions,
  ): Promise<Download>;
}
