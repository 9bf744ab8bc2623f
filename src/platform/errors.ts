/**
 * The one error type services throw. It knows nothing of HTTP: `http/` maps a code to a status and
 * problem+json, `web/` to an error page or a GOV.UK error summary, `cli/` to a message and an exit code.
 */
export const ErrorCode = {
  /** Input failed validation; `fields` says which and why. */
  VALIDATION: 'VALIDATION',
  /** No signed-in user or valid token. */
  UNAUTHENTICATED: 'UNAUTHENTICATED',
  /** Signed in, but the role does not allow this action (the record's existence is not secret). */
  FORBIDDEN: 'FORBIDDEN',
  /** Not found, or not visible to this actor: the two are deliberately indistinguishable. */
  NOT_FOUND: 'NOT_FOUND',
  /** The request conflicts with current state (duplicate, request still in flight). */
  CONFLICT: 'CONFLICT',
  /** An If-Match version is stale: someone else changed the record first. */
  STALE_VERSION: 'STALE_VERSION',
  /** An update arrived without the version it was based on. */
  VERSION_REQUIRED: 'VERSION_REQUIRED',
  /** An Idempotency-Key was reused with a different request body. */
  IDEMPOTENCY_KEY_REUSED: 'IDEMPOTENCY_KEY_REUSED',
  /** The action is not allowed from the record's current state. */
  INVALID_TRANSITION: 'INVALID_TRANSITION',
  /** Too many attempts (sign-in throttling). */
  RATE_LIMITED: 'RATE_LIMITED',
  /** Configuration is invalid or unsafe for this environment. */
  CONFIGURATION: 'CONFIGURATION',
  /** The embedded data directory is held by another process. */
  DATA_DIR_LOCKED: 'DATA_DIR_LOCKED',
  /** Anything unexpected; details are logged, never shown. */
  INTERNAL: 'INTERNAL',
} as const;
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

export interface FieldError {
  /** Dotted path of the field, e.g. `dateOfBirth` or `subjects.0.name`. */
  field: string;
  message: string;
}

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly fields: FieldError[];

  constructor(code: ErrorCode, message: string, fields: FieldError[] = []) {
    super(message);
    this.name = 'AppError';
    this.code = code;
    this.fields = fields;
  }
}

export function isAppError(error: unknown): error is AppError {
  return error instanceof AppError;
}

/** The message every not-found and not-visible answer shares, so neither leaks which it was. */
export const NOT_FOUND_MESSAGE = 'The record was not found, or you do not have access to it.';

export function notFound(): AppError {
  return new AppError(ErrorCode.NOT_FOUND, NOT_FOUND_MESSAGE);
}
