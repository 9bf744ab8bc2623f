import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf } from '../../http/authenticate.ts';
import { IdParams, problemResponses } from '../../http/schemas.ts';
import type { Services } from '../../services.ts';
import { ecomapSvg, genogramSvg } from './relationships.pictures.ts';
import {
  AddHouseholdMemberInput,
  CreateHouseholdInput,
  EndHouseholdMembershipInput,
  EndRelationshipInput,
  HOUSEHOLD_ROLES,
  RELATIONSHIP_KINDS,
  RecordAdultChecksInput,
  RecordRelationshipInput,
} from './relationships.schema.ts';

const day = z.string().nullable();

const RelationshipResponse = z.object({
  id: z.uuid(),
  personId: z.uuid(),
  relatedPersonId: z.uuid(),
  kind: z.enum(RELATIONSHIP_KINDS),
  startsOn: day,
  endsOn: day,
  hasParentalResponsibility: z.boolean().nullable(),
  prEvidenceSeen: z.boolean(),
  prEvidenceNote: z.string().nullable(),
  seenOn: day,
  assessedOn: day,
  checksNote: z.string().nullable(),
  notes: z.string().nullable(),
  recordedAt: z.date(),
  version: z.number().int(),
});

const PersonRefResponse = z
  .object({
    id: z.uuid().nullable(),
    name: z.string(),
    dateOfBirth: day,
    age: z.number().int().nullable(),
    isRestricted: z.boolean(),
    canOpen: z.boolean(),
  })
  .describe('A related person; a restricted record you cannot open has no id, name or date of birth ("Restricted record")');

const RelationshipViewResponse = z.object({
  id: z.uuid(),
  kind: z.enum(RELATIONSHIP_KINDS),
  label: z.string().describe('What the other person is to this one: "Mother", or from the mother’s side "Child"'),
  isPersonSide: z.boolean(),
  other: PersonRefResponse,
  startsOn: day,
  endsOn: day,
  isCurrent: z.boolean(),
  hasParentalResponsibility: z.boolean().nullable(),
  prEvidenceSeen: z.boolean(),
  prEvidenceNote: z.string().nullable(),
  seenOn: day,
  assessedOn: day,
  notes: z.string().nullable(),
});

const HouseholdMemberResponse = z.object({
  id: z.uuid(),
  householdId: z.uuid(),
  person: PersonRefResponse,
  role: z.enum(HOUSEHOLD_ROLES),
  roleLabel: z.string(),
  startsOn: day,
  endsOn: day,
  isCurrent: z.boolean(),
  seenOn: day,
  assessedOn: day,
  checksNote: z.string().nullable(),
});

const HouseholdResponse = z.object({
  id: z.uuid(),
  label: z.string(),
  postcode: z.string().nullable(),
  createdAt: z.date(),
  members: z.array(HouseholdMemberResponse),
});

const AdultAroundChildResponse = z.object({
  person: PersonRefResponse,
  relationshipLabel: z.string(),
  hasParentalResponsibility: z
    .boolean()
    .nullable()
    .optional()
    .describe('Absent when they do not parent or care for the child; null when not known'),
  prEvidenceSeen: z.boolean(),
  householdRoles: z.array(
    z.object({
      householdId: z.uuid(),
      householdLabel: z.string(),
      role: z.enum(HOUSEHOLD_ROLES),
      roleLabel: z.string(),
      memberId: z.uuid(),
    }),
  ),
  lastSeenOn: day,
  assessedOn: day,
  notSeen: z.boolean(),
  notAssessed: z.boolean(),
  checksTarget: z.object({ kind: z.enum(['household_member', 'relationship']), id: z.uuid() }),
});

const InvolvementResponse = z.object({
  id: z.uuid(),
  kind: z.string(),
  kindLabel: z.string(),
  agencyId: z.string().nullable(),
  agencyName: z.string().nullable(),
  teamId: z.string().nullable(),
  teamName: z.string().nullable(),
  userId: z.string().nullable(),
  workerName: z.string().nullable(),
  startsAt: z.date(),
  endsAt: z.date().nullable(),
  isCurrent: z.boolean(),
});

type IdParamsValue = z.infer<typeof IdParams>;

const items = <T extends z.ZodType>(schema: T) => z.object({ items: z.array(schema) });

/** Relationships, households, the adults around a child, involvements and the family pictures, under /api/v1. */
export async function relationshipsRoutes(app: FastifyInstance, services: Services): Promise<void> {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['Relationships and households'];
  const { relationships } = services;

  api.post(
    '/relationships',
    {
      schema: {
        tags,
        summary: 'Record that the related person is the <kind> of the person (send an Idempotency-Key to retry safely)',
        body: RecordRelationshipInput,
        response: { 201: RelationshipResponse, ...problemResponses },
      },
    },
    async (request, reply) => {
      const relationship = await relationships.recordRelationship(actorOf(request), request.body);
      return reply.code(201).send(relationship);
    },
  );

  api.post(
    '/relationships/:id/end',
    {
      schema: {
        tags,
        summary: 'End a relationship on a day (it is kept, dated)',
        params: IdParams,
        body: EndRelationshipInput,
        response: { 200: RelationshipResponse, ...problemResponses },
      },
    },
    async (request) => relationships.endRelationship(actorOf(request), request.params.id, request.body),
  );

  api.post(
    '/relationships/:id/checks',
    {
      schema: {
        tags,
        summary: 'Record when an adult related to a child (living elsewhere) was seen or assessed',
        params: IdParams,
        body: RecordAdultChecksInput,
        response: { 204: z.null(), ...problemResponses },
      },
    },
    async (request, reply) => {
      await relationships.recordRelationshipChecks(actorOf(request), request.params.id, request.body);
      return reply.code(204).send(null);
    },
  );

  api.get(
    '/people/:id/relationships',
    {
      schema: {
        tags,
        summary: 'A person’s relationships, from their side, current first (audited)',
        params: IdParams,
        response: { 200: items(RelationshipViewResponse), ...problemResponses },
      },
    },
    async (request) => ({ items: await relationships.listRelationships(actorOf(request), request.params.id) }),
  );

  api.post(
    '/households',
    {
      schema: {
        tags,
        summary: 'Start a household with its first member',
        body: CreateHouseholdInput,
        response: { 201: HouseholdResponse, ...problemResponses },
      },
    },
    async (request, reply) => {
      const household = await relationships.createHousehold(actorOf(request), request.body);
      return reply.code(201).header('location', `/api/v1/households/${household.id}`).send(household);
    },
  );

  api.get(
    '/households/:id',
    {
      schema: {
        tags,
        summary: 'A household and everyone who has been part of it (audited)',
        params: IdParams,
        response: { 200: HouseholdResponse, ...problemResponses },
      },
    },
    async (request) => relationships.getHousehold(actorOf(request), request.params.id),
  );

  api.post(
    '/households/:id/members',
    {
      schema: {
        tags,
        summary: 'Add someone to a household: a resident, a regular visitor, or someone present but not related',
        params: IdParams,
        body: AddHouseholdMemberInput,
        response: { 201: HouseholdMemberResponse, ...problemResponses },
      },
    },
    async (request, reply) =>
      reply.code(201).send(await relationships.addHouseholdMember(actorOf(request), request.params.id, request.body)),
  );

  api.post(
    '/household-members/:id/end',
    {
      schema: {
        tags,
        summary: 'Record that someone left a household',
        params: IdParams,
        body: EndHouseholdMembershipInput,
        response: { 204: z.null(), ...problemResponses },
      },
    },
    async (request, reply) => {
      await relationships.endHouseholdMembership(actorOf(request), request.params.id, request.body);
      return reply.code(204).send(null);
    },
  );

  api.post(
    '/household-members/:id/checks',
    {
      schema: {
        tags,
        summary: 'Record when an adult in a household was seen and/or assessed',
        params: IdParams,
        body: RecordAdultChecksInput,
        response: { 204: z.null(), ...problemResponses },
      },
    },
    async (request, reply) => {
      await relationships.recordAdultChecks(actorOf(request), request.params.id, request.body);
      return reply.code(204).send(null);
    },
  );

  api.get(
    '/people/:id/households',
    {
      schema: {
        tags,
        summary: 'Every household a person has been part of, with its members over time (audited)',
        params: IdParams,
        response: { 200: items(HouseholdResponse), ...problemResponses },
      },
    },
    async (request) => ({ items: await relationships.getHouseholds(actorOf(request), request.params.id) }),
  );

  api.get(
    '/people/:id/adults-around',
    {
      schema: {
        tags,
        summary: 'The adults around a child, and which of them have been seen or assessed (audited)',
        params: IdParams,
        response: { 200: items(AdultAroundChildResponse), ...problemResponses },
      },
    },
    async (request) => ({ items: await relationships.adultsAroundChild(actorOf(request), request.params.id) }),
  );

  api.get(
    '/people/:id/involvements',
    {
      schema: {
        tags,
        summary: 'Agencies, teams and workers involved with a person, from when to when (audited)',
        params: IdParams,
        response: { 200: items(InvolvementResponse), ...problemResponses },
      },
    },
    async (request) => ({ items: await relationships.listInvolvements(actorOf(request), request.params.id) }),
  );

  // The pictures are SVG documents, not JSON: no 200 schema (so the zod serializer leaves them alone),
  // and declared on the plain instance, whose replies are not typed as the problem schemas.
  app.get(
    '/people/:id/genogram.svg',
    {
      schema: {
        tags,
        summary: 'The person’s genogram as an SVG image (image/svg+xml; audited)',
        params: IdParams,
        response: { ...problemResponses },
      },
    },
    async (request, reply) => {
      const data = await relationships.getGenogram(actorOf(request), (request.params as IdParamsValue).id);
      return reply.type('image/svg+xml; charset=utf-8').send(genogramSvg(data));
    },
  );

  app.get(
    '/people/:id/ecomap.svg',
    {
      schema: {
        tags,
        summary: 'The person’s ecomap (agencies and workers involved) as an SVG image (image/svg+xml; audited)',
        params: IdParams,
        response: { ...problemResponses },
      },
    },
    async (request, reply) => {
      const { data } = await relationships.getEcomap(actorOf(request), (request.params as IdParamsValue).id);
      return reply.type('image/svg+xml; charset=utf-8').send(ecomapSvg(data));
    },
  );
}
