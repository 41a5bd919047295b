/** Stora's error codes. HTTP statuses are chosen only in http/errors.ts. */
export type ErrorCode =
  | 'invalid_request'
  | 'api_error'
  | 'invalid_token'
  | 'forbidden'
  | 'resource_not_found'
  | 'invalid_endpoint'
  | 'invalid_format'
  | 'conflict'
  | 'invalid_url_param'
  | 'invalid_content'
  | 'too_many_requests'
  | 'internal_server_error';

export interface ErrorDetail {
  message: string;
  pointer: string;
}

export class DomainError extends Error {
  constructor(
    readonly code: ErrorCode,
    message?: string,
    readonly details: ErrorDetail[] = [],
  ) {
    super(message ?? code);
    this.name = 'DomainError';
  }
}

const RESOURCE_WORDS: Record<string, string> = {};

export function notFound(resource: string, id: string): never {
  const word = RESOURCE_WORDS[resource] ?? resource.replace(/_/g, ' ');
  throw new DomainError('resource_not_found', `The requested ${word} '${id}' was not found.`);
}

export function invalidContent(pointer: string, message: string): DomainError {
  return new DomainError('invalid_content', 'The request body content is not valid.', [{ pointer, message }]);
}

export function conflict(message: string): DomainError {
  return new DomainError('conflict', message);
}
