import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf } from '../../http/authenticate.ts';
import { etagFor, IdParams, parseIfMatch, problemResponses } from '../../http/schemas.ts';
import { AppError, ErrorCode } from '../../platform/errors.ts';
import type { Services } from '../../services.ts';
import {
  AddressInput,
  CorrectPersonInput,
  CreatePersonInput,
  EndIdentifierInput,
  ETHNICITY_CODES,
  IDENTIFIER_KINDS,
  IdentifierInput,
  NAME_KINDS,
  OtherNameInput,
  PERSON_KINDS,
  RestrictPersonInput,
  SEXES,
  UpdatePersonInput,
} from './people.schema.ts';

const PersonResponse = z.object({
  id: z.uuid(),
  kind: z.enum(PERSON_KINDS),
  givenName: z.string(),
  familyName: z.string(),
  dateOfBirth: z.string().nullable(),
  dateOfBirthIsEstimated: z.boolean(),
  expectedDeliveryDate: z.string().nullable(),
  sex: z.enum(SEXES).nullable(),
  genderIdentity: z.string().nullable(),
  ethnicityCode: z.enum(ETHNICITY_CODES).nullable(),
  firstLanguage: z.string().nullable(),
  interpreterNeeded: z.boolean().nullable(),
  disability: z.string().nullable(),
  dateOfDeath: z.string().nullable(),
  isRestricted: z.boolean(),
  version: z.number().int(),
  createdAt: z.date(),
  updatedAt: z.date(),
});

const NameResponse = z.object({
  id: z.uuid(),
  kind: z.enum(NAME_KINDS),
  givenName: z.string().nullable(),
  familyName: z.string().nullable(),
  validFrom: z.string().nullable(),
  validTo: z.string().nullable(),
  recordedBy: z.uuid(),
  recordedAt: z.date(),
});

const IdentifierResponse = z.object({
  id: z.uuid(),
  kind: z.enum(IDENTIFIER_KINDS),
  value: z.string(),
  recordedBy: z.uuid(),
  recordedAt: z.date(),
  endedAt: z.date().nullable(),
});

const AddressResponse = z.object({
  id: z.uuid(),
  line1: z.string(),
  line2: z.string().nullable(),
  town: z.string().nullable(),
  postcode: z.string(),
  validFrom: z.string().nullable(),
  validTo: z.string().nullable(),
  recordedBy: z.uuid(),
  recordedAt: z.date(),
});

const PersonDetailsResponse = PersonResponse.extend({
  names: z.array(NameResponse),
  identifiers: z.array(IdentifierResponse),
  addresses: z.array(AddressResponse),
});

const MatchResponse = z.object({
  person: PersonResponse,
  score: z.number().int().min(0).max(100).describe('100 when everything asked for matched exactly'),
  reasons: z.array(z.string()).describe('Why this person matched, in words'),
});

const LikelyMatchResponse = MatchResponse.extend({
  probability: z.number().min(0).max(1).describe('The chance they are the same person, from the partnership’s matching model'),
  weight: z.number().describe('The match weight (log2 of the odds); matches are ranked by it'),
  summary: z.string().describe('“Probably the same person (97.2%)”'),
  evidence: z
    .array(
      z.object({
        field: z.string(),
        weight: z.number().describe('What this field adds to the match weight, in bits; negative counts against'),
        words: z.string().describe('The same in a sentence a practitioner can check'),
      }),
    )
    .describe('Every field recorded on both, strongest evidence first'),
  guard: z.string().nullable().describe('Why these two must never be linked without a person deciding (twins, different NHS numbers)'),
});

const LikelyMatchesResponse = z.object({
  items: z.array(LikelyMatchResponse).describe('Likely matches you may see, best first'),
  heldElsewhere: z
    .boolean()
    .describe('True when a likely match is a record you may not see: no name, number or score of it is given; ask the MASH'),
  heldElsewherePrompt: z.string().nullable().describe('The sentence to show when heldElsewhere is true'),
});

const ChangeResponse = z.object({
  id: z.uuid(),
  field: z.string(),
  oldValue: z.string().nullable(),
  newValue: z.string().nullable(),
  kind: z.enum(['change', 'correction']),
  reason: z.string().nullable(),
  changedBy: z.uuid(),
  changedAt: z.date(),
  version: z.number().int(),
});

const AccessLogResponse = z.array(
  z.object({
    seq: z.number().int(),
    occurredAt: z.date(),
    actorLabel: z.string(),
    action: z.string(),
    outcome: z.string(),
    purpose: z.string().nullable(),
  }),
);

const SearchQuery = z.object({
  q: z.string().max(200).optional().describe('A name, as typed: spelling variants, sounds-alike names, nicknames and previous names match'),
  name: z.string().max(200).optional().describe('The same as q'),
  dob: z.string().max(10).optional().describe('Date of birth, YYYY-MM-DD'),
  identifier: z.string().max(60).optional().describe('NHS number, unique pupil number, police or local authority reference'),
  postcode: z.string().max(10).optional(),
  limit: z.coerce.number().int().min(1).max(200).optional(),
});

const IdentifierParams = z.object({ id: z.uuid({ message: 'Enter a valid id' }), identifierId: z.uuid({ message: 'Enter a valid id' }) });

/** The version the client read, from If-Match; a malformed header is a 400, a missing one is left to the service (428). */
function versionFrom(request: FastifyRequest): number | undefined {
  const header = request.headers['if-match'];
  const value = Array.isArray(header) ? header[0] : header;
  const version = parseIfMatch(value);
  if (value !== undefined && version === undefined) {
    throw new AppError(ErrorCode.VALIDATION, 'If-Match must be the ETag of the record, like W/"3"', [
      { field: 'If-Match', message: 'Use the ETag from the record you read' },
    ]);
  }
  return version;
}

export async function peopleRoutes(app: FastifyInstance, services: Services): Promise<void> {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['People'];
  const ifMatch = z.object({ 'if-match': z.string().optional() });

  api.get(
    '/',
    {
      schema: {
        tags,
        summary: 'Find people you may see by name, date of birth, identifier or postcode; without them, list them',
        description:
          'With any of q, name, dob, identifier or postcode: a search, ranked, each item with a score and the reasons it matched; everything given must match. Every person returned is recorded as accessed.',
        querystring: SearchQuery,
        response: {
          200: z.object({
            items: z.array(PersonResponse.extend({ match: MatchResponse.pick({ score: true, reasons: true }).optional() })),
          }),
          ...problemResponses,
        },
      },
    },
    async (request) => {
      const { q, name, dob, identifier, postcode, limit } = request.query;
      const actor = actorOf(request);
      if (q || name || dob || identifier || postcode) {
        const matches = await services.people.searchPeople(actor, { name: q ?? name, dateOfBirth: dob, identifier, postcode, limit });
        return { items: matches.map((match) => ({ ...match.person, match: { score: match.score, reasons: match.reasons } })) };
      }
      return { items: await services.people.listPeople(actor, { limit }) };
    },
  );

  api.post(
    '/',
    {
      schema: {
        tags,
        summary: 'Create a person record with their details (send an Idempotency-Key to retry safely)',
        description:
          'Check for likely matches first (POST /people/matches). An NHS number or UPN already on a live record is refused with 409; if that record is one you cannot see, the message says only that it exists.',
        body: CreatePersonInput,
        response: { 201: PersonResponse, ...problemResponses },
      },
    },
    async (request, reply) => {
      const person = await services.people.createPerson(actorOf(request), request.body);
      return reply.code(201).header('etag', etagFor(person.version)).header('location', `/api/v1/people/${person.id}`).send(person);
    },
  );

  api.post(
    '/matches',
    {
      schema: {
        tags,
        summary: 'Duplicate check: people you may see who are probably the person you are about to create',
        description:
          'Scored by the partnership’s matching model and explained field by field, best first. When a likely match is held by an agency whose records you may not see, heldElsewhere is true and nothing else about it is given: ask the MASH. An NHS number or UPN already on a record you cannot see is refused with 409 and one neutral sentence.',
        body: CreatePersonInput,
        response: { 200: LikelyMatchesResponse, ...problemResponses },
      },
    },
    async (request) => services.people.findLikelyMatches(actorOf(request), request.body),
  );

  api.get(
    '/:id',
    {
      schema: {
        tags,
        summary: 'Open a person record with names, identifiers and addresses over time (audited with the basis of access)',
        params: IdParams,
        querystring: z.object({ purpose: z.string().max(200).optional() }),
        response: { 200: PersonDetailsResponse, ...problemResponses },
      },
    },
    async (request, reply) => {
      const person = await services.people.getPersonDetails(actorOf(request), request.params.id, request.query.purpose);
      return reply.header('etag', etagFor(person.version)).send(person);
    },
  );

  api.patch(
    '/:id',
    {
      schema: {
        tags,
        summary: 'Change a person’s details; requires If-Match with the ETag you read. Each changed field keeps its history',
        params: IdParams,
        headers: ifMatch,
        body: UpdatePersonInput,
        response: { 200: PersonResponse, ...problemResponses },
      },
    },
    async (request, reply) => {
      const person = await services.people.updatePerson(actorOf(request), request.params.id, versionFrom(request), request.body);
      return reply.header('etag', etagFor(person.version)).send(person);
    },
  );

  api.post(
    '/:id/corrections',
    {
      schema: {
        tags,
        summary: 'Correct a mistake in a person’s details, with a reason; requires If-Match. The original value stays in the history',
        params: IdParams,
        headers: ifMatch,
        body: CorrectPersonInput,
        response: { 200: PersonResponse, ...problemResponses },
      },
    },
    async (request, reply) => {
      const person = await services.people.correctPerson(actorOf(request), request.params.id, versionFrom(request), request.body);
      return reply.header('etag', etagFor(person.version)).send(person);
    },
  );

  api.get(
    '/:id/history',
    {
      schema: {
        tags,
        summary: 'Every change and correction to a person’s details, newest first, with the values replaced',
        params: IdParams,
        response: { 200: z.object({ items: z.array(ChangeResponse) }), ...problemResponses },
      },
    },
    async (request) => ({ items: await services.people.getHistory(actorOf(request), request.params.id) }),
  );

  api.post(
    '/:id/names',
    {
      schema: {
        tags,
        summary: 'Add an alias, previous name, preferred name or nickname',
        params: IdParams,
        body: OtherNameInput,
        response: { 201: NameResponse, ...problemResponses },
      },
    },
    async (request, reply) => reply.code(201).send(await services.people.addName(actorOf(request), request.params.id, request.body)),
  );

  api.post(
    '/:id/identifiers',
    {
      schema: {
        tags,
        summary: 'Add an identifier (NHS number and UPN are checked, and refused if already on another live record)',
        params: IdParams,
        body: IdentifierInput,
        response: { 201: IdentifierResponse, ...problemResponses },
      },
    },
    async (request, reply) => reply.code(201).send(await services.people.addIdentifier(actorOf(request), request.params.id, request.body)),
  );

  api.post(
    '/:id/identifiers/:identifierId/end',
    {
      schema: {
        tags,
        summary: 'End an identifier that was wrong or is no longer used; it stays on the record as ended',
        params: IdentifierParams,
        body: EndIdentifierInput.optional(),
        response: { 200: IdentifierResponse, ...problemResponses },
      },
    },
    async (request) => services.people.endIdentifier(actorOf(request), request.params.id, request.params.identifierId, request.body ?? {}),
  );

  api.post(
    '/:id/addresses',
    {
      schema: {
        tags,
        summary: 'Add an address; a new current address ends the one before it on the day it starts',
        params: IdParams,
        body: AddressInput,
        response: { 201: AddressResponse, ...problemResponses },
      },
    },
    async (request, reply) => reply.code(201).send(await services.people.addAddress(actorOf(request), request.params.id, request.body)),
  );

  api.post(
    '/:id/restriction',
    {
      schema: {
        tags,
        summary: 'Restrict a record so only explicitly granted users can open it',
        params: IdParams,
        body: RestrictPersonInput,
        response: { 204: z.null(), ...problemResponses },
      },
    },
    async (request, reply) => {
      await services.people.restrictPerson(actorOf(request), request.params.id, request.body);
      return reply.code(204).send(null);
    },
  );

  api.get(
    '/:id/access-log',
    {
      schema: {
        tags,
        summary: 'Who has looked at this person’s record (allocated worker, their manager, privacy officers)',
        params: IdParams,
        response: { 200: z.object({ items: AccessLogResponse }), ...problemResponses },
      },
    },
    async (request) => ({ items: await services.people.getAccessLog(actorOf(request), request.params.id) }),
  );
}
