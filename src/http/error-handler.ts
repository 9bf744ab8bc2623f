import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { AppError, ErrorCode, isAppError } from '../platform/errors.ts';
import { type Problem, problemFor, problemFromAppError } from './problem.ts';

/** Turns anything thrown while handling a request into a Problem. Never a stack trace; never a 500 for bad input. */
export function toProblem(error: unknown, requestId: string): Problem {
  if (isAppError(error)) {
    return problemFromAppError(error, requestId);
  }
  if (hasZodFastifySchemaValidationErrors(error)) {
    const fields = error.validation.map((issue) => {
      const path = issue.instancePath.replace(/^\//, '').replaceAll('/', '.');
      const field = path || (error.validationContext ?? 'body');
      return { field, message: issue.message ?? 'Invalid value' };
    });
    const part = { body: 'request body', params: 'path', querystring: 'query string', headers: 'request headers' }[
      error.validationContext ?? 'body'
    ];
    return problemFor(ErrorCode.VALIDATION, `The ${part ?? 'request'} is not valid`, { fields, requestId });
  }
  const fastifyError = error as Partial<FastifyError>;
  const status = fastifyError.statusCode;
  if (typeof status === 'number' && status >= 400 && status < 500) {
    if (status === 413) {
      return { ...problemFor(ErrorCode.VALIDATION, 'The request body is too large', { requestId }), status: 413 };
    }
    if (status === 415) {
      return { ...problemFor(ErrorCode.VALIDATION, 'Send the request body as application/json', { requestId }), status: 415 };
    }
    if (status === 429) {
      return problemFor(ErrorCode.RATE_LIMITED, 'Too many requests. Wait a minute and try again.', { requestId });
    }
    return problemFor(ErrorCode.VALIDATION, fastifyError.message ?? 'The request is not valid', { requestId });
  }
  return problemFromAppError(new AppError(ErrorCode.INTERNAL, 'Unexpected error'), requestId);
}

export function sendProblem(reply: FastifyReply, problem: Problem): FastifyReply {
  return reply.code(problem.status).type('application/problem+json; charset=utf-8').send(problem);
}

export function apiErrorHandler(error: unknown, request: FastifyRequest, reply: FastifyReply): FastifyReply {
  const problem = toProblem(error, request.id);
  if (problem.status >= 500) {
    request.log.error({ err: error }, 'request failed');
  }
  return sendProblem(reply, problem);
}
