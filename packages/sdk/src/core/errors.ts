// Typed errors carrying the Stora error envelope: `code`, `details` (JSON pointers) and `request_id`.

export interface ErrorDetail {
  message: string;
  pointer: string;
}

export interface ErrorLink {
  kind: string;
  name: string;
  url: string;
}

interface ErrorInit {
  status: number;
  code: string;
  type?: string;
  message: string;
  details?: ErrorDetail[];
  links?: ErrorLink[];
  requestId?: string;
  headers?: Headers;
}

/** Any error answered by the API: branch on `code` or on the subclass. */
export class StoraError extends Error {
  readonly status: number;
  readonly code: string;
  readonly type: string | undefined;
  readonly details: ErrorDetail[];
  readonly links: ErrorLink[];
  readonly requestId: string | undefined;
  readonly headers: Headers | undefined;

  constructor(init: ErrorInit) {
    super(init.message);
    this.name = new.target.name;
    this.status = init.status;
    this.code = init.code;
    this.type = init.type;
    this.details = init.details ?? [];
    this.links = init.links ?? [];
    this.requestId = init.requestId;
    this.headers = init.headers;
  }
}

/** 400/422: `invalid_request`, `invalid_url_param`, `invalid_content` — fix the request, do not retry. */
export class InvalidRequestError extends StoraError {}
/** 401 `invalid_token`: the token is missing, expired or revoked. */
export class AuthenticationError extends StoraError {}
/** 403 `forbidden`: the token lacks a scope. */
export class PermissionError extends StoraError {}
/** 404 `resource_not_found` / `invalid_endpoint`. */
export class NotFoundError extends StoraError {}
/** 406 `invalid_format`: the resource has no such rendering. */
export class FormatError extends StoraError {}
/** 409 `conflict` (including an idempotency key still in flight). */
export class ConflictError extends StoraError {}
/** 429 after the retries allowed: `retryAfterMs` says when the budget refills. */
export class RateLimitError extends StoraError {
  retryAfterMs: number | undefined;
  constructor(init: ErrorInit & { retryAfterMs?: number }) {
    super(init);
    this.retryAfterMs = init.retryAfterMs;
  }
}
/** 5xx or `api_error`. */
export class ApiError extends StoraError {}

/** The request never got an HTTP answer (DNS, refused, reset, timeout). */
export class ConnectionError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'ConnectionError';
  }
}

const BY_STATUS: Record<number, typeof StoraError> = {
  400: InvalidRequestError,
  401: AuthenticationError,
  403: PermissionError,
  404: NotFoundError,
  406: FormatError,
  409: ConflictError,
  422: InvalidRequestError,
};

/** Builds the typed error for a non-2xx response from its envelope (or from the status alone). */
export async function errorFromResponse(res: Response, retryAfterMs?: number): Promise<StoraError> {
  const text = await res.text().catch(() => '');
  let body: any;
  try {
    body = JSON.parse(text);
  } catch {
    body = undefined;
  }
  const e = body?.error && typeof body.error === 'object' ? body.error : undefined;
  const init: ErrorInit = {
    status: res.status,
    code: e?.code ?? (typeof body?.error === 'string' ? body.error : `http_${res.status}`),
    type: e?.type,
    message: e?.message ?? body?.error_description ?? (text.slice(0, 200) || `HTTP ${res.status}`),
    details: Array.isArray(e?.details) ? e.details : [],
    links: Array.isArray(e?.links) ? e.links : [],
    requestId: e?.request_id ?? res.headers.get('x-request-id') ?? undefined,
    headers: res.headers,
  };
  if (res.status === 429) return new RateLimitError({ ...init, retryAfterMs });
  const Kind = BY_STATUS[res.status] ?? (res.status >= 500 || init.code === 'api_error' ? ApiError : StoraError);
  return new Kind(init);
}
