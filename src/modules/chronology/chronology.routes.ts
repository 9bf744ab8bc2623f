import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf } from '../../http/authenticate.ts';
import { IdParams, problemResponses } from '../../http/schemas.ts';
import { AppError, ErrorCode } from '../../platform/errors.ts';
import type { Services } from '../../services.ts';
import {
  AmendEntryInput,
  CATEGORIES,
  NATURES,
  OccurredAtText,
  RecordEntryInput,
  RecordVoiceInput,
  SENSITIVITIES,
  SIGNIFICANCES,
  VOICE_METHODS,
  WithdrawEntryInput,
} from './chronology.schema.ts';

const EntryResponse = z.object({
  id: z.uuid(),
  occurredAt: z.date(),
  occurredAtIsApproximate: z.boolean(),
  timeIsKnown: z.boolean(),
  recordedAt: z.date(),
  sourceAgencyId: z.uuid(),
  sourceAgencyName: z.string(),
  authorLabel: z.string(),
  category: z.enum(CATEGORIES),
  summary: z.string(),
  nature: z.enum(NATURES),
  significance: z.enum(SIGNIFICANCES),
  sensitivity: z.enum(SENSITIVITIES),
  sourceReference: z.string().nullable(),
  supersedesId: z.string().nullable(),
  amendmentReason: z.string().nullable(),
  originType: z.string().nullable(),
  originId: z.string().nullable(),
  people: z.array(z.object({ id: z.uuid(), name: z.string().nullable().describe('Null when you may not see this person') })),
  supersededById: z.string().nullable(),
  withdrawal: z.object({ reason: z.string(), byLabel: z.string(), at: z.date() }).nullable(),
});

const PageResponse = z.object({
  entries: z.array(EntryResponse),
  total: z.number().int(),
  page: z.number().int(),
  pageSize: z.number().int(),
  withheld: z.number().int().describe('Entries about these people that you may not read'),
  withdrawn: z.number().int().describe('Withdrawn entries left out (ask with includeWithdrawn=true)'),
});

/** Repeated query parameters (`category=a&category=b`) or a comma list (`category=a,b`). */
const many = <T extends z.ZodType>(item: T) =>
  z.preprocess(
    (value) => (value === undefined ? undefined : (Array.isArray(value) ? value : [value]).flatMap((part) => String(part).split(','))),
    z.array(item).optional(),
  );

const yesNo = z
  .enum(['true', 'false'])
  .optional()
  .transform((value) => value === 'true');

const ChronologyQuery = z.object({
  agency: many(z.uuid()),
  category: many(z.enum(CATEGORIES)),
  significance: many(z.enum(SIGNIFICANCES)),
  from: z.string().optional(),
  to: z.string().optional(),
  includeWithdrawn: yesNo,
  page: z.coerce.number().int().min(1).optional(),
  pageSize: z.coerce.number().int().min(1).max(500).optional(),
});

function filterOf(query: z.output<typeof ChronologyQuery>) {
  return {
    agencyIds: query.agency,
    categories: query.category,
    significances: query.significance,
    from: query.from,
    to: query.to,
    includeWithdrawn: query.includeWithdrawn,
    page: query.page,
    pageSize: query.pageSize,
  };
}

const ImportReportResponse = z.object({
  rows: z.number().int(),
  imported: z.number().int(),
  dryRun: z.boolean(),
  errors: z.array(z.object({ line: z.number().int(), field: z.string(), message: z.string() })),
});

const VoiceEntryResponse = z.object({
  id: z.uuid(),
  personId: z.uuid(),
  heardOn: z.string(),
  method: z.enum(VOICE_METHODS),
  heardIndividually: z.boolean(),
  words: z.string(),
  isVerbatim: z.boolean(),
  wishesAndFeelings: z.string().nullable(),
  agencyName: z.string(),
  recordedByLabel: z.string(),
  recordedAt: z.date(),
});

export async function chronologyRoutes(app: FastifyInstance, services: Services): Promise<void> {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['Chronology'];
  // Partner systems send their files as they are; 20 MB is about 100,000 entries.
  app.addContentTypeParser('text/csv', { parseAs: 'string', bodyLimit: 20 * 1024 * 1024 }, (_request, body, done) => done(null, body));

  api.post(
    '/chronology-entries',
    {
      schema: {
        tags,
        summary: 'Add an entry from your agency about one or more people (send an Idempotency-Key to retry safely)',
        body: RecordEntryInput.extend({ occurredAt: OccurredAtText }),
        response: { 201: EntryResponse, ...problemResponses },
      },
    },
    async (request, reply) => {
      const entry = await services.chronology.recordEntry(actorOf(request), request.body);
      return reply.code(201).header('location', `/api/v1/chronology-entries/${entry.id}`).send(entry);
    },
  );

  api.get(
    '/chronology-entries/:id',
    { schema: { tags, summary: 'One entry you may read', params: IdParams, response: { 200: EntryResponse, ...problemResponses } } },
    async (request) => services.chronology.getEntry(actorOf(request), request.params.id),
  );

  api.get(
    '/chronology-entries/:id/history',
    {
      schema: {
        tags,
        summary: 'Every version of an entry, oldest first: the original and its amendments',
        params: IdParams,
        response: { 200: z.object({ items: z.array(EntryResponse) }), ...problemResponses },
      },
    },
    async (request) => ({ items: await services.chronology.getEntryHistory(actorOf(request), request.params.id) }),
  );

  api.post(
    '/chronology-entries/:id/amendments',
    {
      schema: {
        tags,
        summary: 'Amend your agency’s entry with a reason; the original is kept and shown in the history',
        params: IdParams,
        body: AmendEntryInput.extend({ occurredAt: OccurredAtText.optional() }),
        response: { 201: EntryResponse, ...problemResponses },
      },
    },
    async (request, reply) => {
      const entry = await services.chronology.amendEntry(actorOf(request), request.params.id, request.body);
      return reply.code(201).header('location', `/api/v1/chronology-entries/${entry.id}`).send(entry);
    },
  );

  api.post(
    '/chronology-entries/:id/withdrawal',
    {
      schema: {
        tags,
        summary: 'Withdraw your agency’s entry with a reason; it is kept, and left out of chronologies',
        params: IdParams,
        body: WithdrawEntryInput,
        response: { 200: EntryResponse, ...problemResponses },
      },
    },
    async (request) => services.chronology.withdrawEntry(actorOf(request), request.params.id, request.body),
  );

  api.get(
    '/people/:id/chronology',
    {
      schema: {
        tags,
        summary: 'A person’s chronology, newest first, filtered and paged; says how many entries are withheld from you',
        params: IdParams,
        querystring: ChronologyQuery,
        response: { 200: PageResponse, ...problemResponses },
      },
    },
    async (request) => services.chronology.personChronology(actorOf(request), request.params.id, filterOf(request.query)),
  );

  api.get(
    '/people/:id/family-chronology',
    {
      schema: {
        tags,
        summary: 'The merged chronology of everyone in the person’s household',
        params: IdParams,
        querystring: ChronologyQuery,
        response: { 200: PageResponse.extend({ memberIds: z.array(z.uuid()) }), ...problemResponses },
      },
    },
    async (request) => services.chronology.familyChronology(actorOf(request), request.params.id, filterOf(request.query)),
  );

  api.get(
    '/people/:id/chronology/export',
    {
      schema: {
        tags,
        summary: 'The chronology as a PDF or CSV for a review, oldest first, with agency attribution',
        params: IdParams,
        querystring: z.object({
          format: z.enum(['csv', 'pdf']),
          family: yesNo,
          from: z.string().optional(),
          to: z.string().optional(),
        }),
        response: { 200: z.any().describe('application/pdf or text/csv'), ...problemResponses },
      },
    },
    async (request, reply) => {
      const actor = actorOf(request);
      const person = await services.people.getPerson(actor, request.params.id, 'chronology export');
      const file = await services.chronology.exportChronology(actor, {
        personId: person.id,
        family: request.query.family,
        from: request.query.from,
        to: request.query.to,
        format: request.query.format,
        title: `${request.query.family ? 'Family chronology' : 'Chronology'}: ${person.givenName} ${person.familyName}`,
      });
      return reply.type(file.contentType).header('content-disposition', `attachment; filename="${file.filename}"`).send(file.body);
    },
  );

  api.post(
    '/chronology-imports',
    {
      schema: {
        tags,
        summary: 'Bulk-load entries from your agency’s system as CSV (Content-Type: text/csv). dryRun=true checks only.',
        description:
          'Columns: occurred_at, approximate (yes/no), category, summary, nature (fact/opinion), significance (low/medium/high), sensitivity (standard/sensitive/confidential, blank = standard), person_ids (separated by ;), source_reference, and optionally author. Every bad row is reported with its line; nothing is written unless the whole file is clean.',
        querystring: z.object({ dryRun: yesNo }),
        body: z.string().describe('text/csv'),
        response: { ...problemResponses, 200: ImportReportResponse, 422: ImportReportResponse },
      },
    },
    async (request, reply) => {
      if (typeof request.body !== 'string') {
        throw new AppError(ErrorCode.VALIDATION, 'Send the file as text/csv', [{ field: '(body)', message: 'Use Content-Type: text/csv' }]);
      }
      const report = await services.chronology.importCsv(actorOf(request), { csv: request.body, dryRun: request.query.dryRun });
      return reply.code(report.errors.length > 0 ? 422 : 200).send(report);
    },
  );

  api.get(
    '/people/:id/voice',
    {
      schema: {
        tags: ['Voice'],
        summary: 'The person’s own words, wishes and feelings over time, and whether they have been heard on their own recently',
        params: IdParams,
        response: {
          200: z.object({
            entries: z.array(VoiceEntryResponse),
            lastHeardOn: z.string().nullable(),
            lastHeardIndividuallyOn: z.string().nullable(),
            notHeardRecently: z.boolean(),
            onlyHeardInGroup: z.boolean(),
          }),
          ...problemResponses,
        },
      },
    },
    async (request) => services.chronology.voiceOf(actorOf(request), request.params.id),
  );

  api.post(
    '/people/:id/voice',
    {
      schema: {
        tags: ['Voice'],
        summary: 'Record what this person said, wished or felt, in their words where possible',
        params: IdParams,
        body: RecordVoiceInput,
        response: { 201: VoiceEntryResponse, ...problemResponses },
      },
    },
    async (request, reply) =>
      reply.code(201).send(await services.chronology.recordVoice(actorOf(request), request.params.id, request.body)),
  );
}
