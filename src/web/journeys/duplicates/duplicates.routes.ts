import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { CANDIDATE_STATUS_LABELS, type DuplicateCandidate, type QueueFilter } from '../../../modules/duplicates/index.ts';
import { formatDateTime, formatIsoDate } from '../../../platform/dates.ts';
import { AppError, ErrorCode, type FieldError } from '../../../platform/errors.ts';
import type { Services } from '../../../services.ts';
import { formErrors, pageActor, renderPage, requireSignedIn } from '../../web-context.ts';

const IdParams = z.object({ id: z.uuid() });
const TABS: { filter: QueueFilter; text: string }[] = [
  { filter: 'open', text: 'To review' },
  { filter: 'linked', text: 'Linked automatically' },
  { filter: 'decided', text: 'Decided' },
];
const QueueQuery = z.object({
  status: z.enum(['open', 'linked', 'decided']).catch('open'),
  page: z.coerce.number().int().min(1).catch(1),
});

/** What each table a merge moves rows of holds, in words. */
const TABLE_LABELS: Record<string, string> = {
  access_basis: 'Involvements and access (who works with the person)',
  chronology_entry_person: 'Chronology entries',
  contact_subject: 'Partner contacts naming the person',
  household_member: 'Household memberships',
  information_sharing_decision: 'Information-sharing decisions',
  person_address: 'Addresses',
  person_identifier: 'Identifiers',
  person_name: 'Names',
  referral_subject: 'Referrals about the person',
  relationship: 'Relationships',
  voice_entry: 'The person’s own words (voice)',
  work_item: 'Work items',
};

function nameOf(input: { forename?: string | null | undefined; surname?: string | null | undefined }): string {
  return [input.forename, input.surname].filter(Boolean).join(' ') || 'Name not recorded';
}

function queueRow(candidate: DuplicateCandidate) {
  const { a, b } = candidate.snapshot;
  return {
    href: `/duplicates/${candidate.id}`,
    names: `${nameOf(a)} and ${nameOf(b)}`,
    births: [a.dob ? formatIsoDate(a.dob) : 'not recorded', b.dob ? formatIsoDate(b.dob) : 'not recorded'].join(' / '),
    summary: candidate.summary,
    guard: candidate.guard !== null,
    status: CANDIDATE_STATUS_LABELS[candidate.status],
    decided: candidate.decidedAt ? `${formatDateTime(candidate.decidedAt)} by ${candidate.decidedByLabel ?? 'unknown'}` : '',
  };
}

/** Service field names as this page's form fields: two forms share the page, each with its own reason. */
function pairErrors(fields: FieldError[], form: 'confirm' | 'reject', message: string) {
  const mapped = fields.map((field) => ({ ...field, field: field.field === 'reason' ? `${form}-reason` : field.field }));
  return formErrors(mapped, { field: `${form}-reason`, message });
}

/** The duplicate review queue: pairs to decide, automatic links, decisions, and merges that can be undone. */
export async function duplicatesPageRoutes(app: FastifyInstance, services: Services): Promise<void> {
  app.get('/duplicates', { preHandler: requireSignedIn }, async (request, reply) => {
    const query = QueueQuery.parse(request.query);
    const page = await services.duplicates.list(pageActor(request), { status: query.status, page: query.page, pageSize: 25 });
    return renderPage(request, reply, 'duplicates/queue.njk', {
      pageTitle: 'Possible duplicate records',
      tabs: TABS.map((tab) => ({
        href: `/duplicates?status=${tab.filter}`,
        text: `${tab.text} (${page.counts[tab.filter as 'open' | 'linked' | 'decided']})`,
        current: tab.filter === query.status,
      })),
      status: query.status,
      rows: page.items.map(queueRow),
      total: page.total,
      nextHref: page.page * page.pageSize < page.total ? `/duplicates?status=${query.status}&page=${page.page + 1}` : null,
      previousHref: page.page > 1 ? `/duplicates?status=${query.status}&page=${page.page - 1}` : null,
      banner:
        (request.query as { rejected?: string }).rejected === '1'
          ? 'The decision was saved: these records will not be suggested again.'
          : null,
    });
  });

  async function showPair(
    request: FastifyRequest,
    reply: FastifyReply,
    id: string,
    form: Record<string, string | undefined> = {},
    errors?: ReturnType<typeof formErrors>,
  ) {
    const detail = await services.duplicates.get(pageActor(request), id);
    const { candidate, records } = detail;
    const older = [...records].sort((x, y) => (x.createdAt?.getTime() ?? 0) - (y.createdAt?.getTime() ?? 0))[0];
    const chosen = form.survivorId ?? older?.personId;
    const list = (values: string[]) => (values.length > 0 ? values : ['None recorded']);
    const one = (value: string) => [value];
    const rows = [
      { label: 'Name', values: records.map((record) => one(record.name)) },
      { label: 'Other names', values: records.map((record) => list(record.otherNames)) },
      {
        label: 'Date of birth',
        values: records.map((record) => one(record.dateOfBirth ? formatIsoDate(record.dateOfBirth) : 'Not recorded')),
      },
      { label: 'Sex', values: records.map((record) => one(record.sex ?? 'Not recorded')) },
      { label: 'Identifiers', values: records.map((record) => list(record.identifiers)) },
      { label: 'Addresses', values: records.map((record) => list(record.addresses)) },
      { label: 'Record made', values: records.map((record) => one(record.createdAt ? formatDateTime(record.createdAt) : 'Not known')) },
      {
        label: 'Restricted',
        values: records.map((record) => one(record.isRestricted ? 'Yes: only people given access by name see it' : 'No')),
      },
    ];
    return renderPage(request, reply.code(errors ? 400 : 200), 'duplicates/pair.njk', {
      pageTitle: candidate.status === 'open' ? 'Are these the same person?' : 'A decision on two records',
      candidate,
      records,
      rows,
      statusLabel: CANDIDATE_STATUS_LABELS[candidate.status],
      decidedText: candidate.decidedAt ? `${formatDateTime(candidate.decidedAt)} by ${candidate.decidedByLabel ?? 'unknown'}` : null,
      evidence: candidate.evidence.fields.map((field) => ({ words: field.words, weight: field.weight })),
      survivorChoices: records.map((record, index) => ({
        value: record.personId,
        text: `Keep record ${index + 1}: ${record.name}`,
        hint: { text: `${record.createdAt ? `Made ${formatDateTime(record.createdAt)}. ` : ''}The other record becomes part of this one.` },
        checked: record.personId === chosen,
      })),
      form,
      errors,
    });
  }

  app.get('/duplicates/:id', { preHandler: requireSignedIn }, async (request, reply) => {
    const params = IdParams.safeParse(request.params);
    return params.success ? showPair(request, reply, params.data.id) : reply.callNotFound();
  });

  app.post('/duplicates/:id/confirm', { preHandler: requireSignedIn, preValidation: app.csrfProtection }, async (request, reply) => {
    const params = IdParams.safeParse(request.params);
    if (!params.success) {
      return reply.callNotFound();
    }
    const form = (request.body ?? {}) as Record<string, string | undefined>;
    try {
      const { mergeId } = await services.duplicates.confirm(pageActor(request), params.data.id, {
        survivorId: form.survivorId ?? '',
        reason: form['confirm-reason'] ?? '',
      });
      return reply.redirect(`/duplicates/merges/${mergeId}?merged=1`, 303);
    } catch (error) {
      if (
        error instanceof AppError &&
        [ErrorCode.VALIDATION, ErrorCode.CONFLICT, ErrorCode.INVALID_TRANSITION].includes(error.code as never)
      ) {
        return showPair(request, reply, params.data.id, form, pairErrors(error.fields, 'confirm', error.message));
      }
      throw error;
    }
  });

  app.post('/duplicates/:id/reject', { preHandler: requireSignedIn, preValidation: app.csrfProtection }, async (request, reply) => {
    const params = IdParams.safeParse(request.params);
    if (!params.success) {
      return reply.callNotFound();
    }
    const form = (request.body ?? {}) as Record<string, string | undefined>;
    try {
      await services.duplicates.reject(pageActor(request), params.data.id, { reason: form['reject-reason'] ?? '' });
      return reply.redirect('/duplicates?rejected=1', 303);
    } catch (error) {
      if (error instanceof AppError && [ErrorCode.VALIDATION, ErrorCode.INVALID_TRANSITION].includes(error.code as never)) {
        return showPair(request, reply, params.data.id, form, pairErrors(error.fields, 'reject', error.message));
      }
      throw error;
    }
  });

  async function showMerge(
    request: FastifyRequest,
    reply: FastifyReply,
    id: string,
    form: Record<string, string | undefined> = {},
    errors?: ReturnType<typeof formErrors>,
  ) {
    const merge = await services.duplicates.getMerge(pageActor(request), id);
    const query = request.query as { merged?: string; unmerged?: string };
    return renderPage(request, reply.code(errors ? 400 : 200), 'duplicates/merge.njk', {
      pageTitle: merge.unmergedAt ? 'An undone merge' : 'Two records merged into one',
      merge,
      mergedAtText: formatDateTime(merge.mergedAt),
      unmergedAtText: merge.unmergedAt ? formatDateTime(merge.unmergedAt) : null,
      tableRows: merge.rows.map((row) => [
        { text: TABLE_LABELS[row.table] ?? row.table.replaceAll('_', ' ') },
        { text: String(row.moved), format: 'numeric' },
        { text: String(row.kept), format: 'numeric' },
      ]),
      banner:
        query.merged === '1'
          ? 'The records were merged. Everything attached to the other record is now on the record kept.'
          : query.unmerged === '1'
            ? 'The merge was undone. Both records are back as they were, and the pair will not be suggested again.'
            : null,
      form,
      errors,
    });
  }

  app.get('/duplicates/merges/:id', { preHandler: requireSignedIn }, async (request, reply) => {
    const params = IdParams.safeParse(request.params);
    return params.success ? showMerge(request, reply, params.data.id) : reply.callNotFound();
  });

  app.post('/duplicates/merges/:id/unmerge', { preHandler: requireSignedIn, preValidation: app.csrfProtection }, async (request, reply) => {
    const params = IdParams.safeParse(request.params);
    if (!params.success) {
      return reply.callNotFound();
    }
    const form = (request.body ?? {}) as Record<string, string | undefined>;
    try {
      await services.duplicates.unmerge(pageActor(request), params.data.id, { reason: form.reason ?? '' });
      return reply.redirect(`/duplicates/merges/${params.data.id}?unmerged=1`, 303);
    } catch (error) {
      if (
        error instanceof AppError &&
        [ErrorCode.VALIDATION, ErrorCode.CONFLICT, ErrorCode.INVALID_TRANSITION].includes(error.code as never)
      ) {
        return showMerge(request, reply, params.data.id, form, formErrors(error.fields, { field: 'reason', message: error.message }));
      }
      throw error;
    }
  });
}
