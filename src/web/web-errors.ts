import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { sendProblem, toProblem } from '../http/error-handler.ts';
import { problemFor } from '../http/problem.ts';
import { ErrorCode, isAppError } from '../platform/errors.ts';
import { renderPage, safeReturnTo } from './web-context.ts';

// A page that is not there and a record this user may not see read the same, so neither leaks which it was.
const ERROR_PAGES = {
  400: {
    title: 'There is a problem with your request',
    paragraphs: ['The page could not understand what was sent. Go back, check the form and try again.'],
  },
  403: {
    title: 'You cannot do this',
    paragraphs: [
      'Your role does not allow this, or the form had expired. Go back, reload the page and try again.',
      'If you think you should be able to do this, ask your manager or your system administrator.',
    ],
  },
  404: {
    title: 'Page not found',
    paragraphs: [
      'If you typed the web address, check it is correct.',
      'The record may not exist, or you may not have access to it. Records are shared with the people who work with the person.',
    ],
  },
  429: { title: 'Too many attempts', paragraphs: ['Wait a minute, then try again.'] },
  500: {
    title: 'Sorry, there is a problem with the service',
    paragraphs: ['Try again later. Nothing you were saving has been half-saved: it was either saved in full or not at all.'],
  },
} as const;

function renderError(request: FastifyRequest, reply: FastifyReply, status: keyof typeof ERROR_PAGES): Promise<FastifyReply> | FastifyReply {
  const page = ERROR_PAGES[status];
  reply.code(status);
  return renderPage(request, reply, 'errors/error.njk', { pageTitle: page.title, paragraphs: page.paragraphs, requestId: request.id });
}

/**
 * Errors on pages become GOV.UK error pages; under /api they stay problem+json, so a mistyped API
 * path never answers a program with HTML.
 */
export function webErrorHandler(error: unknown, request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply> | FastifyReply {
  if (request.url.startsWith('/api/')) {
    return sendProblem(reply, toProblem(error, request.id));
  }
  if (isAppError(error)) {
    if (error.code === ErrorCode.NOT_FOUND) {
      return renderError(request, reply, 404);
    }
    if (error.code === ErrorCode.FORBIDDEN) {
      return renderError(request, reply, 403);
    }
    if (error.code === ErrorCode.UNAUTHENTICATED) {
      return reply.redirect(`/sign-in?returnTo=${encodeURIComponent(safeReturnTo(request.url))}`);
    }
  }
  const status = (error as Partial<FastifyError>).statusCode;
  if (status === 429) {
    return renderError(request, reply, 429);
  }
  if (status === 403) {
    // @fastify/csrf-protection refuses a form without a valid token this way.
    return renderError(request, reply, 403);
  }
  if (status === 404) {
    return renderError(request, reply, 404);
  }
  if (isAppError(error) || (typeof status === 'number' && status >= 400 && status < 500)) {
    return renderError(request, reply, 400);
  }
  request.log.error({ err: error }, 'page failed');
  return renderError(request, reply, 500);
}

export function renderNotFound(request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply> | FastifyReply {
  if (request.url.startsWith('/api/')) {
    return sendProblem(reply, problemFor(ErrorCode.NOT_FOUND, 'There is no such API route', { requestId: request.id }));
  }
  return renderError(request, reply, 404);
}
