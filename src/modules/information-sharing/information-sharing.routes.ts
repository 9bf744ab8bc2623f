import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf } from '../../http/authenticate.ts';
import { IdParams, problemResponses } from '../../http/schemas.ts';
import type { Services } from '../../services.ts';
import {
  CONSENT_POSITIONS,
  DECISION_FLAGS,
  LAWFUL_BASES,
  REQUEST_STATUSES,
  RecordDecisionInput,
  RecordReturnInput,
  SendInformationRequestsInput,
  SHARING_DECISIONS,
  SPECIAL_CATEGORY_CONDITIONS,
} from './information-sharing.schema.ts';

const Timeliness = z.object({ state: z.enum(['due', 'overdue', 'on_time', 'late']), label: z.string() });

const RequestResponse = z.object({
  id: z.uuid(),
  referralId: z.uuid(),
  agencyId: z.uuid(),
  agencyName: z.string(),
  requestedByAgencyId: z.uuid(),
  subjectPersonIds: z.array(z.uuid()),
  question: z.string(),
  requestedAt: z.date(),
  requestedByLabel: z.string(),
  dueAt: z.date(),
  clockLabel: z.string(),
  status: z.enum(REQUEST_STATUSES),
  returnedAt: z.date().nullable(),
  returnedByLabel: z.string().nullable(),
  returnSummary: z.string().nullable().describe('Null to another partner agency: each agency sees its own answer'),
  declinedReason: z.string().nullable(),
  timeliness: Timeliness,
  version: z.number().int(),
});

const DecisionResponse = z.object({
  id: z.uuid(),
  referralId: z.uuid().nullable(),
  personId: z.uuid().nullable(),
  informationRequestId: z.uuid().nullable(),
  decision: z.enum(SHARING_DECISIONS),
  whatShared: z.string(),
  withAgencyId: z.uuid(),
  withAgencyName: z.string(),
  why: z.string(),
  decidedAt: z.date(),
  decidedByLabel: z.string(),
  decidedByAgencyId: z.uuid(),
  decidedByAgencyName: z.string(),
  lawfulBasis: z.enum(LAWFUL_BASES),
  specialCategory: z.boolean(),
  specialCategoryCondition: z.enum(SPECIAL_CATEGORY_CONDITIONS).nullable(),
  policyDocumentRef: z.string().nullable(),
  consent: z.enum(CONSENT_POSITIONS),
  consentReason: z.string().nullable(),
  flags: z.array(z.enum(DECISION_FLAGS)),
});

export async function informationSharingRoutes(app: FastifyInstance, services: Services): Promise<void> {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['Information sharing'];

  api.post(
    '/referrals/:id/information-requests',
    {
      schema: {
        tags,
        summary: 'Ask MASH partner agencies what they know about the people on a rated referral (one request per agency)',
        params: IdParams,
        body: SendInformationRequestsInput,
        response: { 201: z.object({ items: z.array(RequestResponse) }), ...problemResponses },
      },
    },
    async (request, reply) =>
      reply.code(201).send({ items: await services.informationSharing.sendRequests(actorOf(request), request.params.id, request.body) }),
  );

  api.get(
    '/referrals/:id/information-requests',
    {
      schema: {
        tags,
        summary: 'The information requests about a referral, with each return and its timeliness',
        params: IdParams,
        response: { 200: z.object({ items: z.array(RequestResponse) }), ...problemResponses },
      },
    },
    async (request) => ({ items: await services.informationSharing.listForReferral(actorOf(request), request.params.id) }),
  );

  api.get(
    '/information-requests',
    {
      schema: {
        tags,
        summary: 'Open information requests addressed to your agency, soonest due first',
        response: { 200: z.object({ items: z.array(RequestResponse) }), ...problemResponses },
      },
    },
    async (request) => ({ items: await services.informationSharing.listOpenForMyAgency(actorOf(request)) }),
  );

  api.get(
    '/information-requests/:id',
    { schema: { tags, summary: 'One information request', params: IdParams, response: { 200: RequestResponse, ...problemResponses } } },
    async (request) => services.informationSharing.getRequest(actorOf(request), request.params.id),
  );

  api.post(
    '/information-requests/:id/return',
    {
      schema: {
        tags,
        summary: 'Your agency’s return: what it knows, that it knows nothing, or that it declines to share and why',
        params: IdParams,
        body: RecordReturnInput,
        response: { 200: RequestResponse, ...problemResponses },
      },
    },
    async (request) => services.informationSharing.recordReturn(actorOf(request), request.params.id, request.body),
  );

  api.post(
    '/information-sharing-decisions',
    {
      schema: {
        tags,
        summary: 'Record a decision to share, or not to share, with its lawful basis and consent position',
        body: RecordDecisionInput,
        response: { 201: DecisionResponse, ...problemResponses },
      },
    },
    async (request, reply) => reply.code(201).send(await services.informationSharing.recordDecision(actorOf(request), request.body)),
  );

  api.get(
    '/information-sharing-decisions',
    {
      schema: {
        tags,
        summary: 'Information-sharing decisions about a referral or a person',
        querystring: z.object({ referralId: z.uuid().optional(), personId: z.uuid().optional() }),
        response: { 200: z.object({ items: z.array(DecisionResponse) }), ...problemResponses },
      },
    },
    async (request) => ({ items: await services.informationSharing.listDecisions(actorOf(request), request.query) }),
  );
}
