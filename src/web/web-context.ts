import type { FastifyReply, FastifyRequest } from 'fastify';
import { canResolveDuplicates } from '../modules/duplicates/index.ts';
import { type Actor, ROLE_LABELS } from '../platform/access/actor.ts';
import type { Config } from '../platform/config/config.ts';
import type { FieldError } from '../platform/errors.ts';

/** Cookies carry sessions to records about children: Secure whenever the service is reached over HTTPS. */
export function cookieIsSecure(config: Pick<Config, 'environment' | 'publicUrl'>): boolean {
  return config.environment === 'production' || (config.publicUrl?.startsWith('https://') ?? false);
}

/**
 * Where to go after signing in. Only a path on this site: an absolute or protocol-relative URL
 * would let a link in a phishing email send a freshly signed-in worker somewhere else.
 */
export function safeReturnTo(value: unknown): string {
  if (typeof value !== 'string' || !value.startsWith('/') || value.startsWith('//') || value.includes('\\') || value.startsWith('/sign-')) {
    return '/';
  }
  return value;
}

/** preHandler for pages: anyone not signed in is sent to sign in, and brought back afterwards. */
export async function requireSignedIn(request: FastifyRequest, reply: FastifyReply): Promise<void> {
  if (!request.actor) {
    const returnTo = safeReturnTo(request.url);
    await reply.redirect(returnTo === '/' ? '/sign-in' : `/sign-in?returnTo=${encodeURIComponent(returnTo)}`);
  }
}

/** The signed-in actor of a page that has passed requireSignedIn. */
export function pageActor(request: FastifyRequest): Actor {
  if (!request.actor) {
    throw new Error('pageActor called on a page without requireSignedIn');
  }
  return request.actor;
}

/** What every page's layout needs: the CSP nonce, a CSRF token for its forms, and who is signed in. */
export function layoutContext(request: FastifyRequest, reply: FastifyReply): Record<string, unknown> {
  const actor = request.actor;
  return {
    cspNonce: reply.cspNonce?.script,
    csrfToken: reply.generateCsrf(),
    currentPath: request.url.split('?')[0],
    signedIn: actor
      ? {
          name: actor.displayName,
          roles: actor.roles.map((role) => ROLE_LABELS[role]).join(', '),
          canResolveDuplicates: canResolveDuplicates(actor),
        }
      : undefined,
  };
}

export function renderPage(
  request: FastifyRequest,
  reply: FastifyReply,
  template: string,
  data: Record<string, unknown> = {},
): Promise<FastifyReply> | FastifyReply {
  return reply.view(template, { ...layoutContext(request, reply), ...data });
}

/** A service's field errors as the GOV.UK error summary and per-field messages expect them. */
export function formErrors(
  fields: FieldError[],
  fallback?: { field: string; message: string },
): {
  errorList: { text: string; href: string }[];
  byField: Record<string, { text: string }>;
} {
  const all = fields.length > 0 ? fields : fallback ? [fallback] : [];
  const byField: Record<string, { text: string }> = {};
  for (const error of all) {
    byField[error.field] ??= { text: error.message };
  }
  return { errorList: all.map((error) => ({ text: error.message, href: `#${error.field}` })), byField };
}

/**
 * A GOV.UK date input (`<name>-day`, `-month`, `-year`) as `YYYY-MM-DD` for the service to check,
 * or '' when all three were left empty.
 */
export function dateInputValue(form: Record<string, string | undefined>, name: string): string {
  const [day, month, year] = ['day', 'month', 'year'].map((part) => (form[`${name}-${part}`] ?? '').trim()) as [string, string, string];
  if (!day && !month && !year) {
    return '';
  }
  return `${year.padStart(4, '0')}-${month.padStart(2, '0')}-${day.padStart(2, '0')}`;
}

/** The fields that fill a GOV.UK date input from a stored `YYYY-MM-DD`. */
export function dateInputFields(name: string, value: string | null): Record<string, string> {
  if (!value) {
    return {};
  }
  const [year, month, day] = value.split('-');
  return { [`${name}-day`]: String(Number(day)), [`${name}-month`]: String(Number(month)), [`${name}-year`]: year ?? '' };
}
