/**
 * How big a request may be. Each limit is answered in the error envelope (docs/decisions/input-limits.md):
 * these numbers are part of the API's behaviour, so they live in one place.
 */
export const INPUT_LIMITS = {
  /** Request body, bytes: 413. */
  bodyBytes: 1024 * 1024,
  /** Request line plus headers, bytes (Node's parser enforces it): 431. */
  headerBytes: 16 * 1024,
  /** Query parameters per request: 400. */
  queryParams: 64,
  /** Characters in one path parameter (ids are about 25): 422 with the parameter's pointer. */
  paramChars: 2048,
  /** Items in any one JSON array of a body: 422 with the array's pointer. */
  arrayItems: 100,
  /** Nesting of a JSON body (objects and arrays): 400. */
  depth: 32,
  /** Integers that declare no bounds are held to PostgreSQL's `integer`. */
  integer: { minimum: -2147483648, maximum: 2147483647 },
} as const;
