import { type AppError, ErrorCode, type FieldError } from '../platform/errors.ts';

export const STATUS_BY_CODE = {
  VALIDATION: 400,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  STALE_VERSION: 412,
  VERSION_REQUIRED: 428,
  IDEMPOTENCY_KEY_REUSED: 422,
  INVALID_TRANSITION: 409,
  RATE_LIMITED: 429,
  CONFIGURATION: 500,
  DATA_DIR_LOCKED: 503,
  INTERNAL: 500,
} as const satisfies Record<ErrorCode, number>;

const TITLES = {
  VALIDATION: 'There is a problem with the request',
  UNAUTHENTICATED: 'Sign in to continue',
  FORBIDDEN: 'You do not have permission to do this',
  NOT_FOUND: 'Not found',
  CONFLICT: 'The request conflicts with the current state',
  STALE_VERSION: 'The record has changed since you read it',
  VERSION_REQUIRED: 'An If-Match header is required',
  IDEMPOTENCY_KEY_REUSED: 'The Idempotency-Key was used for a different request',
  INVALID_TRANSITION: 'That action is not allowed now',
  RATE_LIMITED: 'Too many requests',
  CONFIGURATION: 'The service is misconfigured',
  DATA_DIR_LOCKED: 'The service is unavailable',
  INTERNAL: 'Something went wrong',
} as const satisfies Record<ErrorCode, string>;

/** RFC 9457 problem details, with our stable `code` and field-level `errors` for form-like input. */
export interface Problem {
  type: string;
  title: string;
  status: number;
  code: ErrorCode;
  detail: string;
  errors?: FieldError[];
  requestId?: string;
}

export function problemFor(code: ErrorCode, detail: string, options: { fields?: FieldError[]; requestId?: string } = {}): Problem {
  return {
    type: `https://wholepicture.dev/problems/${code.toLowerCase().replaceAll('_', '-')}`,
    title: TITLES[code],
    status: STATUS_BY_CODE[code],
    code,
    detail,
    ...(options.fields && options.fields.length > 0 ? { errors: options.fields } : {}),
    ...(options.requestId ? { requestId: options.requestId } : {}),
  };
}

export function problemFromAppError(error: AppError, requestId?: string): Problem {
  // Internal and configuration details stay in the log; the client gets the generic title.
  const detail = error.code === ErrorCode.INTERNAL || error.code === ErrorCode.CONFIGURATION ? TITLES[error.code] : error.message;
  return problemFor(error.code, detail, { fields: error.fields, requestId });
}
