import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf } from '../../http/authenticate.ts';
import { IdParams, problemResponses } from '../../http/schemas.ts';
import type { Services } from '../../services.ts';
import {
  ActionInput,
  AGENCY_TYPES,
  AttendeeInput,
  AUDIT_QUESTIONS,
  DISCUSSION_KINDS,
  StartAdultEnquiryInput,
  StartSection47Input,
} from './strategy.schema.ts';

const ActionResponse = z.object({
  id: z.uuid(),
  description: z.string(),
  ownerName: z.string(),
  ownerAgency: z.string().nullable(),
  ownerUserId: z.string().nullable(),
  dueOn: z.string(),
  done: z.boolean(),
  createdAt: z.date(),
});

const DiscussionResponse = z.object({
  id: z.uuid(),
  referralId: z.uuid(),
  referralKind: z.enum(['child', 'adult']),
  referralReceivedAt: z.date(),
  receivingTeamId: z.string().nullable(),
  kind: z.enum(DISCUSSION_KINDS),
  heldAt: z.date(),
  dueAt: z.date().describe('When the strategy clock from receipt of the referral ran out'),
  clockLabel: z.string(),
  onTime: z.boolean(),
  chair: z.string(),
  attendees: z.array(z.object({ name: z.string(), agencyType: z.enum(AGENCY_TYPES), agencyName: z.string(), role: z.string() })),
  missingAgencies: z.array(z.enum(AGENCY_TYPES)).describe('Police, local authority or health, when they did not attend'),
  immediateRiskConsidered: z.boolean(),
  immediateRiskAction: z.string().nullable(),
  viewsEstablished: z.boolean(),
  viewsNotEstablishedReason: z.string().nullable(),
  viewsPlan: z.string().nullable(),
  harmSuspected: z.boolean().describe('Children: significant harm suspected; adults: an enquiry is needed'),
  outcome: z.string(),
  actions: z.array(ActionResponse),
  recordedByLabel: z.string(),
  recordedAt: z.date(),
  auditAnswers: z.array(z.object({ question: z.enum(AUDIT_QUESTIONS), answer: z.boolean(), reason: z.string() })),
  section47EnquiryId: z.string().nullable(),
});

const EnquiryResponse = z.object({
  id: z.uuid(),
  referralId: z.uuid(),
  strategyDiscussionId: z.uuid(),
  personIds: z.array(z.uuid()),
  startedAt: z.date(),
  leadSocialWorker: z.string().nullable(),
  leadUserId: z.string().nullable(),
  teamId: z.uuid(),
  icpcDueAt: z.date(),
  icpcDueOn: z.string(),
  icpcAnchor: z.enum(['initiating', 'last']),
  icpcWorkingDaysLeft: z.number().int().describe('Working days until the conference is due; negative when overdue'),
  icpcHeldAt: z.date().nullable(),
  icpcOverdue: z.boolean().describe('No conference yet and the due date has passed'),
  icpcLate: z.boolean().nullable().describe('Held after the due date; null until held'),
  startedByLabel: z.string(),
});

const DateTimeText = z.iso.datetime({ offset: true, error: 'Enter a date and time, for example 2026-12-17T10:30:00Z' });

/** The wire form of a discussion: the held-at time as ISO 8601 text. */
const RecordDiscussionBody = z.object({
  referralId: z.uuid(),
  kind: z.enum(DISCUSSION_KINDS),
  heldAt: DateTimeText,
  chair: z.string(),
  attendees: z.array(AttendeeInput),
  immediateRiskConsidered: z.boolean(),
  immediateRiskAction: z.string().nullable().optional(),
  viewsEstablished: z.boolean(),
  viewsNotEstablishedReason: z.string().nullable().optional(),
  viewsPlan: z.string().nullable().optional(),
  harmSuspected: z.boolean(),
  outcome: z.string(),
  actions: z.array(ActionInput).optional(),
});

const AuditQuery = z.object({
  team: z.uuid().optional(),
  from: z.string(),
  to: z.string(),
});

const AuditResponse = z.object({
  teamId: z.string().nullable(),
  from: z.string(),
  to: z.string(),
  discussions: z.number().int(),
  figures: z.array(
    z.object({ question: z.enum(AUDIT_QUESTIONS), yes: z.number().int(), no: z.number().int(), percentYes: z.number().int().nullable() }),
  ),
});

export async function strategyRoutes(app: FastifyInstance, services: Services): Promise<void> {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['Strategy discussions'];

  api.post(
    '/strategy-discussions',
    {
      schema: {
        tags,
        summary: 'Record a strategy discussion or meeting for a referral decided for one (send an Idempotency-Key to retry safely)',
        body: RecordDiscussionBody,
        response: { 201: DiscussionResponse, ...problemResponses },
      },
    },
    async (request, reply) => {
      const discussion = await services.strategy.recordDiscussion(actorOf(request), request.body);
      return reply.code(201).header('location', `/api/v1/strategy-discussions/${discussion.id}`).send(discussion);
    },
  );

  // Registered before /:id so that "audit" is never read as an id.
  api.get(
    '/strategy-discussions/audit',
    {
      schema: {
        tags,
        summary: 'The four audit questions as figures for a team’s discussions held between two dates (no names)',
        querystring: AuditQuery,
        response: { 200: AuditResponse, ...problemResponses },
      },
    },
    async (request) =>
      services.strategy.auditFigures(actorOf(request), {
        teamId: request.query.team ?? null,
        from: request.query.from,
        to: request.query.to,
      }),
  );

  api.get(
    '/strategy-discussions/:id',
    {
      schema: {
        tags,
        summary: 'One strategy discussion you may see',
        params: IdParams,
        response: { 200: DiscussionResponse, ...problemResponses },
      },
    },
    async (request) => services.strategy.getDiscussion(actorOf(request), request.params.id),
  );

  api.get(
    '/referrals/:id/strategy-discussions',
    {
      schema: {
        tags,
        summary: 'A referral’s strategy discussions, oldest first',
        params: IdParams,
        response: { 200: z.object({ items: z.array(DiscussionResponse) }), ...problemResponses },
      },
    },
    async (request) => ({ items: await services.strategy.listForReferral(actorOf(request), request.params.id) }),
  );

  api.post(
    '/strategy-discussions/:id/actions',
    {
      schema: {
        tags,
        summary: 'Add an action with its owner and due date',
        params: IdParams,
        body: ActionInput,
        response: { 201: ActionResponse, ...problemResponses },
      },
    },
    async (request, reply) => reply.code(201).send(await services.strategy.addAction(actorOf(request), request.params.id, request.body)),
  );

  api.post(
    '/strategy-discussions/:id/section-47-enquiries',
    {
      schema: {
        tags,
        summary: 'Start a section 47 enquiry from a discussion that found significant harm suspected; sets the conference due date',
        params: IdParams,
        body: StartSection47Input,
        response: { 201: EnquiryResponse, ...problemResponses },
      },
    },
    async (request, reply) => {
      const enquiry = await services.strategy.startSection47(actorOf(request), request.params.id, request.body);
      return reply.code(201).header('location', `/api/v1/section-47-enquiries/${enquiry.id}`).send(enquiry);
    },
  );

  api.post(
    '/strategy-discussions/:id/section-42-enquiries',
    {
      schema: {
        tags,
        summary: 'Start the section 42 enquiry for an adult from a discussion that found an enquiry is needed',
        params: IdParams,
        body: StartAdultEnquiryInput,
        response: { 201: z.object({ referralId: z.uuid(), route: z.string().nullable(), dueAt: z.date() }), ...problemResponses },
      },
    },
    async (request, reply) => {
      const { referral, dueAt } = await services.strategy.startAdultEnquiry(actorOf(request), request.params.id, request.body);
      return reply.code(201).send({ referralId: referral.id, route: referral.route, dueAt });
    },
  );

  api.post(
    '/section-47-enquiries/:id/conference',
    {
      schema: {
        tags,
        summary: 'Record when the initial child protection conference was held; stops its clock',
        params: IdParams,
        body: z.object({ heldAt: DateTimeText }),
        response: { 200: EnquiryResponse, ...problemResponses },
      },
    },
    async (request) => services.strategy.recordConference(actorOf(request), request.params.id, request.body),
  );

  api.get(
    '/section-47-enquiries/:id',
    {
      schema: {
        tags,
        summary: 'One section 47 enquiry you may see',
        params: IdParams,
        response: { 200: EnquiryResponse, ...problemResponses },
      },
    },
    async (request) => services.strategy.getSection47(actorOf(request), request.params.id),
  );
}
