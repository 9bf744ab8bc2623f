import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf } from '../../http/authenticate.ts';
import { IdParams, problemResponses } from '../../http/schemas.ts';
import type { Services } from '../../services.ts';
import { GUARDS, PairScoreResponse } from '../matching/index.ts';
import {
  CANDIDATE_STATUSES,
  ConfirmDuplicateInput,
  FOUND_BY,
  QUEUE_FILTERS,
  RejectDuplicateInput,
  UnmergeInput,
} from './duplicates.schema.ts';

const text = z.string().nullable().optional();
const MatchInputResponse = z
  .object({
    id: z.string(),
    forename: text,
    surname: text,
    otherNames: z
      .array(z.object({ forename: text, surname: text }))
      .readonly()
      .optional(),
    dob: text,
    sex: text,
    postcode: text,
    otherPostcodes: z.array(z.string()).readonly().optional(),
    address: text,
    nhsNumber: text,
    identifiers: z.record(z.string(), z.string().nullable().optional()).readonly().optional(),
  })
  .describe('The record as the matching engine read it when the pair was found or decided (names, date of birth, postcode, identifiers)');

const CandidateResponse = z.object({
  id: z.uuid(),
  partnershipId: z.uuid(),
  personAId: z.uuid(),
  personBId: z.uuid(),
  probability: z.number().describe('The match probability, 0 to 1'),
  weight: z.number().describe('The match weight in bits'),
  decision: z.enum(['link', 'review', 'none']).describe('What the thresholds say: link automatically, or a person reviews'),
  guard: z.enum(GUARDS).nullable().describe('A sign that these may be twins or siblings'),
  guardWords: z.string().nullable(),
  summary: z.string(),
  evidence: PairScoreResponse,
  snapshot: z.object({ a: MatchInputResponse, b: MatchInputResponse }),
  status: z.enum(CANDIDATE_STATUSES),
  foundBy: z.enum(FOUND_BY),
  foundAt: z.date(),
  scoredAt: z.date(),
  decidedByLabel: z.string().nullable(),
  decidedAt: z.date().nullable(),
  reason: z.string().nullable(),
  mergeId: z.uuid().nullable(),
  version: z.number().int(),
});

const RecordResponse = z.object({
  personId: z.uuid(),
  current: z.boolean().describe('False when the record has been merged into the other: what is shown is how it was read'),
  name: z.string(),
  dateOfBirth: z.string().nullable(),
  sex: z.string().nullable(),
  isRestricted: z.boolean(),
  createdAt: z.date().nullable(),
  otherNames: z.array(z.string()),
  identifiers: z.array(z.string()),
  addresses: z.array(z.string()),
});

const MergeResponse = z.object({
  id: z.uuid(),
  survivorId: z.uuid(),
  mergedId: z.uuid(),
  candidateId: z.uuid().nullable(),
  reason: z.string(),
  mergedByLabel: z.string(),
  mergedAt: z.date(),
  survivorWasRestricted: z.boolean(),
  unmergedAt: z.date().nullable(),
  unmergedByLabel: z.string().nullable(),
  unmergeReason: z.string().nullable(),
  rows: z.array(z.object({ table: z.string(), column: z.string(), moved: z.number().int(), kept: z.number().int() })),
  survivorName: z.string(),
  mergedName: z.string(),
});

export async function duplicatesRoutes(app: FastifyInstance, services: Services): Promise<void> {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['Identity resolution'];

  api.get(
    '/',
    {
      schema: {
        tags,
        summary: 'The duplicate review queue: pairs of records that may be one person, whose two records you may both see',
        description:
          'status: open (to review, the default), linked (merged automatically), decided (confirmed, rejected or withdrawn), or one status.',
        querystring: z.object({
          status: z.enum(QUEUE_FILTERS).optional(),
          page: z.coerce.number().int().min(1).optional(),
          pageSize: z.coerce.number().int().min(1).max(100).optional(),
        }),
        response: {
          200: z.object({
            status: z.enum(QUEUE_FILTERS),
            items: z.array(CandidateResponse),
            total: z.number().int(),
            page: z.number().int(),
            pageSize: z.number().int(),
            counts: z.object({ open: z.number().int(), linked: z.number().int(), decided: z.number().int() }),
          }),
          ...problemResponses,
        },
      },
    },
    async (request) => services.duplicates.list(actorOf(request), request.query),
  );

  api.get(
    '/merges/:id',
    {
      schema: {
        tags,
        summary: 'A merge: who merged which record into which, why, and how many rows of each table moved',
        params: IdParams,
        response: { 200: MergeResponse, ...problemResponses },
      },
    },
    async (request) => services.duplicates.getMerge(actorOf(request), request.params.id),
  );

  api.post(
    '/merges/:id/unmerge',
    {
      schema: {
        tags,
        summary:
          'Undo a merge: both records, and everything attached to each, as they were; the pair is then remembered as different people',
        params: IdParams,
        body: UnmergeInput,
        response: { 200: MergeResponse, ...problemResponses },
      },
    },
    async (request) => services.duplicates.unmerge(actorOf(request), request.params.id, request.body),
  );

  api.get(
    '/:id',
    {
      schema: {
        tags,
        summary: 'One pair: both records side by side with the evidence field by field (each record read is audited)',
        params: IdParams,
        response: {
          200: z.object({ candidate: CandidateResponse, records: z.tuple([RecordResponse, RecordResponse]) }),
          ...problemResponses,
        },
      },
    },
    async (request) => services.duplicates.get(actorOf(request), request.params.id),
  );

  api.post(
    '/:id/confirm',
    {
      schema: {
        tags,
        summary: 'Confirm the two records are one person: the other is merged into the one kept (survivorId; by default the older)',
        params: IdParams,
        body: ConfirmDuplicateInput,
        response: { 200: z.object({ candidate: CandidateResponse, mergeId: z.uuid() }), ...problemResponses },
      },
    },
    async (request) => services.duplicates.confirm(actorOf(request), request.params.id, request.body),
  );

  api.post(
    '/:id/reject',
    {
      schema: {
        tags,
        summary: 'Record that the two are different people: remembered, never queued again, and used to train the model',
        params: IdParams,
        body: RejectDuplicateInput,
        response: { 200: CandidateResponse, ...problemResponses },
      },
    },
    async (request) => services.duplicates.reject(actorOf(request), request.params.id, request.body),
  );
}
