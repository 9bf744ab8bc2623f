import { CommanderError } from 'commander';
import { type AppError, ErrorCode, isAppError } from '../platform/errors.ts';

/** The exit codes documented in docs/cli.md; scripts depend on them, so they never change meaning. */
export const ExitCode = {
  /** Done. */
  ok: 0,
  /** A check failed (audit verify) or the action was refused (unknown user, invalid input, conflict). */
  failed: 1,
  /** The command line itself was wrong: unknown command or option, a missing or malformed value. */
  usage: 2,
  /** The environment is wrong: invalid configuration, DATA_DIR locked by a running server, database unreachable. */
  environment: 3,
} as const;
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];

/** An error the CLI raises itself, carrying the exit code it should end with. */
export class CliError extends Error {
  readonly exitCode: ExitCode;

  constructor(exitCode: ExitCode, message: string) {
    super(message);
    this.name = 'CliError';
    this.exitCode = exitCode;
  }
}

/** Node error codes and PostgreSQL SQLSTATEs that mean "cannot reach or use the database", not "bad request". */
const CONNECTION_ERROR_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  '3D000', // database does not exist
  '28000', // invalid authorisation
  '28P01', // wrong password
  '57P01', // server shutting down
  '57P03', // server starting up
]);

function errorCode(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

/** True when the error says the database could not be reached or connected to. */
export function isConnectionError(error: unknown): boolean {
  if (error instanceof AggregateError) {
    return error.errors.some(isConnectionError);
  }
  const code = errorCode(error);
  return code !== undefined && (CONNECTION_ERROR_CODES.has(code) || code.startsWith('08'));
}

/** A message for any thrown value; an AggregateError (Node tries ::1 and 127.0.0.1) often has an empty one of its own. */
export function messageOf(error: unknown): string {
  if (error instanceof AggregateError && !error.message) {
    return [...new Set(error.errors.map(messageOf))].join('; ');
  }
  return error instanceof Error ? error.message : String(error);
}

const ENVIRONMENT_CODES: ErrorCode[] = [ErrorCode.CONFIGURATION, ErrorCode.DATA_DIR_LOCKED];

/** The message to print and the exit code for a thrown error; printing is the caller's job. */
export function describeFailure(error: unknown): { exitCode: ExitCode; message: string } {
  if (error instanceof CommanderError) {
    // Commander has already printed its own message (or the help).
    return { exitCode: error.exitCode === 0 ? ExitCode.ok : ExitCode.usage, message: '' };
  }
  if (error instanceof CliError) {
    return { exitCode: error.exitCode, message: error.message };
  }
  if (isAppError(error)) {
    if (ENVIRONMENT_CODES.includes(error.code)) {
      return { exitCode: ExitCode.environment, message: error.message };
    }
    return { exitCode: ExitCode.failed, message: appErrorMessage(error) };
  }
  if (isConnectionError(error)) {
    return { exitCode: ExitCode.environment, message: `The database could not be reached: ${messageOf(error)}` };
  }
  const detail = error instanceof Error && error.stack ? error.stack : messageOf(error);
  return { exitCode: ExitCode.failed, message: `Unexpected error: ${detail}` };
}

/** The services name fields as their inputs do; a CLI user knows them by their option. */
const OPTION_FOR_FIELD: Record<string, string> = {
  email: '--email',
  displayName: '--name',
  agencyId: '--agency',
  teamIds: '--team',
  roles: '--role',
  label: '--label',
  expiresInDays: '--expires-in-days',
  userId: '--user',
};

function appErrorMessage(error: AppError): string {
  if (error.fields.length === 0) {
    return error.message;
  }
  const fieldLines = error.fields.map((field) => {
    const name = field.field.split('.')[0] ?? field.field;
    return `  ${OPTION_FOR_FIELD[name] ?? field.field}: ${field.message}`;
  });
  return [error.message, ...fieldLines].join('\n');
}
