import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { ErrorCode } from '../platform/errors.ts';
import {
  claimIdempotencyKey,
  completeIdempotencyKey,
  fingerprintRequest,
  releaseIdempotencyKey,
} from '../platform/idempotency/idempotency.ts';
import type { Services } from '../services.ts';
import { sendProblem } from './error-handler.ts';
import { problemFor } from './problem.ts';

declare module 'fastify' {
  interface FastifyRequest {
    idempotencyClaim?: { actorKey: string; key: string };
  }
}

const KEY_PATTERN = /^[\x21-\x7e]{1,255}$/;
const REPLAYED_HEADERS = ['content-type', 'etag', 'location'];

/**
 * Idempotency-Key on POST (IETF draft semantics): the first request with a key runs; a retry with
 * the same key and body gets the first response back and writes nothing; the same key with a
 * different body is 422; a retry while the first is still running is 409. Keys are per actor, so
 * one client can never read another's stored response.
 */
export function setUpIdempotency(app: FastifyInstance, services: Services): void {
  app.addHook('preHandler', async (request: FastifyRequest, reply: FastifyReply) => {
    const key = request.headers['idempotency-key'];
    if (request.method !== 'POST' || key === undefined || !request.actor) {
      return;
    }
    if (typeof key !== 'string' || !KEY_PATTERN.test(key)) {
      return sendProblem(
        reply,
        problemFor(ErrorCode.VALIDATION, 'Idempotency-Key must be 1 to 255 visible ASCII characters', {
          fields: [{ field: 'Idempotency-Key', message: 'Use 1 to 255 visible ASCII characters, such as a UUID' }],
          requestId: request.id,
        }),
      );
    }
    const actorKey = request.actor.userId ?? request.actor.label;
    const outcome = await claimIdempotencyKey(services.db, {
      actorKey,
      key,
      fingerprint: fingerprintRequest(request.method, request.url, request.body),
      now: services.clock.now(),
    });
    switch (outcome.kind) {
      case 'claimed':
        request.idempotencyClaim = { actorKey, key };
        return;
      case 'replay':
        return reply.code(outcome.status).headers(outcome.headers).header('idempotent-replayed', 'true').send(outcome.body);
      case 'mismatch':
        return sendProblem(
          reply,
          problemFor(ErrorCode.IDEMPOTENCY_KEY_REUSED, 'This Idempotency-Key was already used with a different request. Use a new key.', {
            requestId: request.id,
          }),
        );
      case 'in_flight':
        return sendProblem(
          reply,
          problemFor(
            ErrorCode.CONFLICT,
            'A request with this Idempotency-Key is still being processed, or its outcome is unknown. Check before retrying.',
            {
              requestId: request.id,
            },
          ),
        );
    }
  });

  app.addHook('onSend', async (request, reply, payload) => {
    const claim = request.idempotencyClaim;
    if (!claim) {
      return payload;
    }
    request.idempotencyClaim = undefined;
    if (reply.statusCode >= 500) {
      await releaseIdempotencyKey(services.db, claim);
      return payload;
    }
    const headers: Record<string, string> = {};
    for (const name of REPLAYED_HEADERS) {
      const value = reply.getHeader(name);
      if (value !== undefined) {
        headers[name] = String(value);
      }
    }
    await completeIdempotencyKey(services.db, {
      ...claim,
      status: reply.statusCode,
      headers,
      body: typeof payload === 'string' ? payload : payload === null || payload === undefined ? '' : String(payload),
    });
    return payload;
  });
}
