import '@fastify/cookie';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Actor } from '../platform/access/actor.ts';
import { ErrorCode } from '../platform/errors.ts';
import type { Services } from '../services.ts';
import { sendProblem } from './error-handler.ts';
import { problemFor } from './problem.ts';

declare module 'fastify' {
  interface FastifyRequest {
    /** Who is asking; null when nobody is signed in. Rebuilt from the database on every request. */
    actor: Actor | null;
  }
}

export const SESSION_COOKIE = 'wp_session';

/**
 * Works out the actor for every request: a bearer token (API clients) or the session cookie
 * (browsers). On the API the cookie counts only for safe methods, so a page on another site
 * cannot make a signed-in browser write through the API (the web forms carry CSRF tokens instead).
 */
export function setUpAuthentication(app: FastifyInstance, services: Services): void {
  app.decorateRequest('actor', null);
  app.addHook('onRequest', async (request) => {
    const authorization = request.headers.authorization;
    if (authorization?.startsWith('Bearer ')) {
      request.actor = (await services.identity.authenticateBearer(authorization.slice(7).trim(), request.id)) ?? null;
      return;
    }
    const sessionToken = request.cookies[SESSION_COOKIE];
    if (!sessionToken) {
      return;
    }
    const isApi = request.url.startsWith('/api/');
    const isSafeMethod = request.method === 'GET' || request.method === 'HEAD';
    if (isApi && !isSafeMethod) {
      return;
    }
    request.actor = (await services.identity.authenticateSession(sessionToken, request.id)) ?? null;
  });
}

/** preHandler for API routes: 401 problem+json when nobody is signed in. */
export async function requireApiActor(request: FastifyRequest, reply: FastifyReply): Promise<void> {
  if (!request.actor) {
    await sendProblem(
      reply,
      problemFor(ErrorCode.UNAUTHENTICATED, 'Send a valid bearer token in the Authorization header', { requestId: request.id }),
    );
  }
}

/** The actor of an authenticated API request (requireApiActor has already refused anonymous ones). */
export function actorOf(request: FastifyRequest): Actor {
  if (!request.actor) {
    throw new Error('actorOf called on an unauthenticated request');
  }
  return request.actor;
}
