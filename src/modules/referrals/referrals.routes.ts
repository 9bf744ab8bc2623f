import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf } from '../../http/authenticate.ts';
import { IdParams, problemResponses } from '../../http/schemas.ts';
import type { Services } from '../../services.ts';
import {
  ABUSE_CATEGORIES,
  CONSENT_VALUES,
  CONTACT_KINDS,
  CreateContactInput,
  CreateReferralInput,
  DecideReferralInput,
  ONWARD_KINDS,
  RATINGS,
  RateReferralInput,
  RecordS42DecisionInput,
  SUBJECT_ROLES,
} from './referrals.schema.ts';
import { REFERRAL_KINDS, REFERRAL_STATUSES, ROUTES } from './referrals.workflow.ts';

const summaryFields = {
  id: z.uuid(),
  kind: z.enum(REFERRAL_KINDS),
  status: z.enum(REFERRAL_STATUSES),
  receivedAt: z.date().nullable(),
  receivingTeamId: z.uuid().nullable(),
  partnershipId: z.uuid(),
  subjectPersonIds: z.array(z.uuid()),
  rating: z.enum(RATINGS).nullable(),
  ratingDueAt: z.date().nullable(),
  decisionDueAt: z.date().nullable().describe('The decision is due within 1 working day of receipt (partnership clock)'),
  decisionRoute: z.enum(ROUTES).nullable(),
  route: z.enum(ROUTES).nullable().describe('The latest route: the decision, or a later step such as section_47'),
  decidedAt: z.date().nullable(),
  version: z.number().int(),
};
const SummaryResponse = z.object(summaryFields);

const OnwardWorkResponse = z.object({
  id: z.uuid(),
  referralId: z.uuid(),
  kind: z.enum(ONWARD_KINDS),
  teamId: z.uuid().nullable(),
  leadProfessional: z.string().nullable(),
  startedAt: z.date(),
  dueAt: z.date(),
  status: z.enum(['open', 'completed', 'cancelled']),
});

const ReferralResponse = z.object({
  ...summaryFields,
  referrerAgencyId: z.uuid().nullable(),
  referrerName: z.string().nullable(),
  referrerOrganisation: z.string().nullable(),
  referrerPhone: z.string().nullable(),
  referrerEmail: z.string().nullable(),
  contactId: z.uuid().nullable(),
  concern: z.string().nullable(),
  immediateDanger: z.boolean().nullable(),
  parentConsent: z.enum(CONSENT_VALUES).nullable().describe('Children: the parents’ consent; adults: the person’s own'),
  withoutConsentReason: z.string().nullable(),
  viewsOfChild: z.string().nullable(),
  viewsOfParents: z.string().nullable(),
  helpInPlace: z.string().nullable(),
  earlyHelpPlanOpen: z.boolean().nullable(),
  viewsAndOutcomes: z.string().nullable(),
  abuseCategories: z.array(z.enum(ABUSE_CATEGORIES)),
  mentalCapacityConcern: z.boolean().nullable(),
  mentalCapacityDetail: z.string().nullable(),
  substantialDifficulty: z.boolean().nullable(),
  appropriatePerson: z.string().nullable(),
  advocacyNeeded: z.boolean().describe('Substantial difficulty and no appropriate person: an independent advocate must be arranged'),
  advocateArrangedAt: z.date().nullable(),
  ratedAt: z.date().nullable(),
  ratingRationale: z.string().nullable(),
  needsMash: z.boolean().nullable(),
  decisionRationale: z.string().nullable(),
  decidedLate: z.boolean().nullable(),
  subjects: z.array(
    z.object({
      personId: z.uuid(),
      name: z.string().nullable(),
      dateOfBirth: z.string().nullable(),
      role: z.enum(SUBJECT_ROLES),
      consent: z.enum(CONSENT_VALUES).nullable(),
    }),
  ),
  routes: z.array(
    z.object({
      id: z.uuid(),
      route: z.enum(ROUTES),
      previousRoute: z.enum(ROUTES).nullable(),
      rationale: z.string(),
      routedAt: z.date(),
      routedByLabel: z.string().nullable(),
      origin: z.string(),
    }),
  ),
  onwardWork: z.array(OnwardWorkResponse),
  s42Decision: z
    .object({
      careAndSupportNeeds: z.boolean(),
      experiencingOrAtRisk: z.boolean(),
      unableToProtect: z.boolean(),
      outcome: z.enum(['enquiry', 'no_enquiry']),
      rationale: z.string(),
      dueAt: z.date(),
      decidedAt: z.date(),
    })
    .nullable(),
  draftData: z.record(z.string(), z.unknown()).nullable(),
  createdAt: z.date(),
  createdBy: z.uuid().nullable(),
});

const ListItemResponse = z.object({
  ...summaryFields,
  subjects: z.array(z.object({ personId: z.uuid(), name: z.string() })),
  referrerOrganisation: z.string().nullable(),
  immediateDanger: z.boolean().nullable(),
  advocacyNeeded: z.boolean(),
  decisionLate: z.boolean(),
});

const ContactResponse = z.object({
  id: z.uuid(),
  kind: z.enum(CONTACT_KINDS),
  sourceAgencyId: z.uuid(),
  sourceAgencyName: z.string().nullable(),
  receivedAt: z.date(),
  occurredAt: z.date().nullable(),
  reportedBy: z.string(),
  sourceReference: z.string().nullable(),
  summary: z.string(),
  status: z.enum(['open', 'referred', 'closed']),
  referralId: z.uuid().nullable(),
  subjects: z.array(
    z.object({ personId: z.uuid().nullable(), name: z.string(), dateOfBirth: z.string().nullable(), role: z.enum(SUBJECT_ROLES) }),
  ),
});

const TriageContextResponse = z.object({
  householdMembers: z.array(
    z.object({
      subjectPersonId: z.uuid(),
      householdLabel: z.string(),
      person: z.object({ id: z.uuid().nullable(), name: z.string(), age: z.number().int().nullable(), canOpen: z.boolean() }),
      roleLabel: z.string(),
      isChild: z.boolean(),
      onReferral: z.boolean(),
    }),
  ),
  previousReferrals: z.array(
    z.object({
      id: z.uuid(),
      kind: z.enum(REFERRAL_KINDS),
      receivedAt: z.date().nullable(),
      rating: z.enum(RATINGS).nullable(),
      route: z.enum(ROUTES).nullable(),
      status: z.enum(REFERRAL_STATUSES),
      personIds: z.array(z.uuid()),
      withinRereferralWindow: z.boolean(),
    }),
  ),
  isRereferral: z.boolean().describe('A previous referral about one of these people in the last 12 months'),
  onwardWork: z.array(OnwardWorkResponse.extend({ current: z.boolean() })),
  involvements: z.array(
    z.object({
      personId: z.uuid(),
      kindLabel: z.string(),
      agencyName: z.string().nullable(),
      teamName: z.string().nullable(),
      workerName: z.string().nullable(),
    }),
  ),
  recentChronology: z.array(
    z.object({ id: z.uuid(), occurredAt: z.date(), summary: z.string(), sourceAgencyName: z.string(), category: z.string() }),
  ),
  moves: z.array(z.object({ personId: z.uuid(), description: z.string() })),
});

const ListQuery = z.object({
  status: z.enum(REFERRAL_STATUSES).optional(),
  kind: z.enum(REFERRAL_KINDS).optional(),
  personId: z.uuid().optional(),
  limit: z.coerce.number().int().min(1).max(200).optional(),
});

export async function referralsRoutes(app: FastifyInstance, services: Services): Promise<void> {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['Referrals'];

  api.post(
    '/referrals',
    {
      schema: {
        tags,
        summary: 'Make a children’s Request for Help or an adult safeguarding concern (send an Idempotency-Key to retry safely)',
        body: CreateReferralInput,
        response: { 201: ReferralResponse, ...problemResponses },
      },
    },
    async (request, reply) => {
      const referral = await services.referrals.createReferral(actorOf(request), request.body);
      return reply.code(201).header('location', `/api/v1/referrals/${referral.id}`).send(referral);
    },
  );

  api.get(
    '/referrals',
    {
      schema: {
        tags,
        summary: 'Referrals you may see, newest first',
        querystring: ListQuery,
        response: { 200: z.object({ referrals: z.array(ListItemResponse) }), ...problemResponses },
      },
    },
    async (request) => ({ referrals: await services.referrals.listReferrals(actorOf(request), request.query) }),
  );

  api.get(
    '/referrals/:id',
    { schema: { tags, summary: 'One referral you may see', params: IdParams, response: { 200: ReferralResponse, ...problemResponses } } },
    async (request) => services.referrals.getReferral(actorOf(request), request.params.id),
  );

  api.get(
    '/referrals/:id/summary',
    {
      schema: {
        tags,
        summary: 'The state of one referral you may see',
        params: IdParams,
        response: { 200: SummaryResponse, ...problemResponses },
      },
    },
    async (request) => services.referrals.getReferralSummary(actorOf(request), request.params.id),
  );

  api.get(
    '/referrals/:id/triage-context',
    {
      schema: {
        tags,
        summary: 'Who else is in the household and what came before, for triage',
        params: IdParams,
        response: { 200: TriageContextResponse, ...problemResponses },
      },
    },
    async (request) => services.referrals.getTriageContext(actorOf(request), request.params.id),
  );

  api.post(
    '/referrals/:id/rating',
    {
      schema: {
        tags,
        summary: 'Rate a referral red, amber or green (MASH officers and team managers)',
        params: IdParams,
        body: RateReferralInput,
        response: { 200: ReferralResponse, ...problemResponses },
      },
    },
    async (request) => services.referrals.rateReferral(actorOf(request), request.params.id, request.body),
  );

  api.post(
    '/referrals/:id/decision',
    {
      schema: {
        tags,
        summary: 'Decide on a referral and start its route onward (MASH officers and team managers)',
        params: IdParams,
        body: DecideReferralInput,
        response: { 200: ReferralResponse, ...problemResponses },
      },
    },
    async (request) => services.referrals.decideReferral(actorOf(request), request.params.id, request.body),
  );

  api.post(
    '/referrals/:id/s42-decision',
    {
      schema: {
        tags,
        summary: 'Record the section 42 decision on an adult concern: the three tests and the outcome',
        params: IdParams,
        body: RecordS42DecisionInput,
        response: { 200: ReferralResponse, ...problemResponses },
      },
    },
    async (request) => services.referrals.recordS42Decision(actorOf(request), request.params.id, request.body),
  );

  api.post(
    '/referrals/:id/advocate-arranged',
    {
      schema: {
        tags,
        summary: 'Record that an independent advocate has been arranged',
        params: IdParams,
        response: { 200: ReferralResponse, ...problemResponses },
      },
    },
    async (request) => services.referrals.recordAdvocateArranged(actorOf(request), request.params.id),
  );

  api.post(
    '/contacts',
    {
      schema: {
        tags,
        summary:
          'Send a contact from a partner system, e.g. a police domestic-abuse notification (send an Idempotency-Key to retry safely)',
        body: CreateContactInput,
        response: { 201: ContactResponse, ...problemResponses },
      },
    },
    async (request, reply) => {
      const contact = await services.referrals.createContact(actorOf(request), request.body);
      return reply.code(201).header('location', `/api/v1/contacts/${contact.id}`).send(contact);
    },
  );

  api.get(
    '/contacts',
    {
      schema: {
        tags,
        summary: 'Contacts at the front door (open by default)',
        querystring: z.object({ status: z.enum(['open', 'referred', 'closed']).optional() }),
        response: { 200: z.object({ contacts: z.array(ContactResponse) }), ...problemResponses },
      },
    },
    async (request) => ({ contacts: await services.referrals.listContacts(actorOf(request), request.query) }),
  );

  api.get(
    '/contacts/:id',
    { schema: { tags, summary: 'One contact you may see', params: IdParams, response: { 200: ContactResponse, ...problemResponses } } },
    async (request) => services.referrals.getContact(actorOf(request), request.params.id),
  );

  api.post(
    '/contacts/:id/referral',
    {
      schema: {
        tags,
        summary: 'Turn a partner contact into a referral (MASH officers and team managers)',
        params: IdParams,
        body: CreateReferralInput,
        response: { 201: ReferralResponse, ...problemResponses },
      },
    },
    async (request, reply) => {
      const referral = await services.referrals.createReferralFromContact(actorOf(request), request.params.id, request.body);
      return reply.code(201).header('location', `/api/v1/referrals/${referral.id}`).send(referral);
    },
  );
}
