import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf } from '../../http/authenticate.ts';
import { IdParams, problemResponses } from '../../http/schemas.ts';
import type { Services } from '../../services.ts';
import { ACCESS_BASIS_KINDS, RecordInvolvementInput, ReviewBreakGlassInput, StartBreakGlassInput } from './access.schema.ts';

const AccessBasisResponse = z.object({
  id: z.uuid(),
  personId: z.uuid(),
  kind: z.enum(ACCESS_BASIS_KINDS),
  userId: z.string().nullable(),
  teamId: z.string().nullable(),
  agencyId: z.string().nullable(),
  startsAt: z.date(),
  endsAt: z.date().nullable(),
});

const BreakGlassResponse = z.object({
  id: z.uuid(),
  userId: z.uuid(),
  personId: z.uuid(),
  reasonCode: z.string(),
  startedAt: z.date(),
  expiresAt: z.date(),
  endedAt: z.date().nullable(),
  reviewedBy: z.string().nullable(),
  reviewOutcome: z.string().nullable(),
});

export async function accessRoutes(app: FastifyInstance, services: Services): Promise<void> {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['Access'];

  api.post(
    '/involvements',
    {
      schema: {
        tags,
        summary: 'Record an allocation, agency involvement, meeting membership or sharing decision',
        body: RecordInvolvementInput,
        response: { 201: AccessBasisResponse, ...problemResponses },
      },
    },
    async (request, reply) => reply.code(201).send(await services.access.recordInvolvement(actorOf(request), request.body)),
  );

  api.post(
    '/involvements/:id/end',
    {
      schema: {
        tags,
        summary: 'End an allocation or involvement (takes effect on the next request)',
        params: IdParams,
        response: { 204: z.null(), ...problemResponses },
      },
    },
    async (request, reply) => {
      await services.access.endInvolvement(actorOf(request), request.params.id);
      return reply.code(204).send(null);
    },
  );

  api.get(
    '/people/:id/bases',
    {
      schema: {
        tags,
        summary: 'The legitimate relationships recorded for a person',
        params: IdParams,
        response: { 200: z.object({ items: z.array(AccessBasisResponse) }), ...problemResponses },
      },
    },
    async (request) => ({ items: await services.access.listBasesForPerson(actorOf(request), request.params.id) }),
  );

  api.post(
    '/break-glass',
    {
      schema: {
        tags,
        summary: 'Take emergency access to one person for up to 60 minutes (reason required; privacy officers alerted)',
        body: StartBreakGlassInput,
        response: { 201: BreakGlassResponse, ...problemResponses },
      },
    },
    async (request, reply) => reply.code(201).send(await services.access.startBreakGlass(actorOf(request), request.body)),
  );

  api.post(
    '/break-glass/:id/end',
    { schema: { tags, summary: 'End your emergency access early', params: IdParams, response: { 204: z.null(), ...problemResponses } } },
    async (request, reply) => {
      await services.access.endBreakGlass(actorOf(request), request.params.id);
      return reply.code(204).send(null);
    },
  );

  api.get(
    '/break-glass/reviews',
    {
      schema: {
        tags,
        summary: 'Emergency access awaiting review (privacy officers)',
        response: { 200: z.object({ items: z.array(BreakGlassResponse) }), ...problemResponses },
      },
    },
    async (request) => ({ items: await services.access.listBreakGlassAwaitingReview(actorOf(request)) }),
  );

  api.post(
    '/break-glass/:id/review',
    {
      schema: {
        tags,
        summary: 'Record whether emergency access was justified (not by the person who used it)',
        params: IdParams,
        body: ReviewBreakGlassInput,
        response: { 204: z.null(), ...problemResponses },
      },
    },
    async (request, reply) => {
      await services.access.reviewBreakGlass(actorOf(request), request.params.id, request.body);
      return reply.code(204).send(null);
    },
  );
}
