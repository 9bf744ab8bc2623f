import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import {
  CATEGORIES,
  CATEGORY_LABELS,
  type ChronologyEntry,
  NATURE_LABELS,
  SENSITIVITY_LABELS,
  SIGNIFICANCE_LABELS,
  VOICE_METHOD_LABELS,
  VOICE_STALE_AFTER_DAYS,
} from '../../../modules/chronology/index.ts';
import type { Actor } from '../../../platform/access/actor.ts';
import { formatDateTime, formatEventTime, formatIsoDate, ukDateOf, ukTimeOf } from '../../../platform/dates.ts';
import { AppError, ErrorCode, type FieldError } from '../../../platform/errors.ts';
import type { Services } from '../../../services.ts';
import { dateInputFields, dateInputValue, formErrors, pageActor, renderPage, requireSignedIn } from '../../web-context.ts';

const IdParams = z.object({ id: z.uuid() });
const asList = (value: unknown): string[] =>
  value === undefined || value === '' ? [] : Array.isArray(value) ? value.map(String) : [String(value)];

const FilterQuery = z.object({
  view: z.enum(['person', 'family']).catch('person'),
  agency: z.unknown().optional().transform(asList),
  category: z.unknown().optional().transform(asList),
  significance: z.unknown().optional().transform(asList),
  from: z.string().optional().catch(undefined),
  to: z.string().optional().catch(undefined),
  withdrawn: z.enum(['show']).optional().catch(undefined),
  page: z.coerce.number().int().min(1).catch(1),
});
type FilterQuery = z.output<typeof FilterQuery>;

const options = (labels: Record<string, string>, selected: string[] = []) =>
  Object.entries(labels).map(([value, text]) => ({ value, text, checked: selected.includes(value), selected: selected.includes(value) }));

function entryView(entry: ChronologyEntry, actor: Actor) {
  return {
    ...entry,
    when: formatEventTime(entry.occurredAt, { timeIsKnown: entry.timeIsKnown, approximate: entry.occurredAtIsApproximate }),
    recorded: formatDateTime(entry.recordedAt),
    categoryLabel: CATEGORY_LABELS[entry.category],
    significanceLabel: SIGNIFICANCE_LABELS[entry.significance],
    natureLabel: NATURE_LABELS[entry.nature],
    peopleText: entry.people.map((person) => person.name ?? 'another person (not shown to you)').join(', '),
    canCorrect: actor.agencyId === entry.sourceAgencyId && !entry.withdrawal && !entry.supersededById,
    withdrawnOn: entry.withdrawal ? formatDateTime(entry.withdrawal.at) : null,
  };
}

/** The query string of the current filters, for paging and export links (dates and codes only, never names). */
function filterQueryString(query: FilterQuery, overrides: Record<string, string> = {}): string {
  const params = new URLSearchParams();
  params.set('view', query.view);
  for (const value of query.agency) {
    params.append('agency', value);
  }
  for (const value of query.category) {
    params.append('category', value);
  }
  for (const value of query.significance) {
    params.append('significance', value);
  }
  if (query.from) {
    params.set('from', query.from);
  }
  if (query.to) {
    params.set('to', query.to);
  }
  if (query.withdrawn) {
    params.set('withdrawn', query.withdrawn);
  }
  for (const [key, value] of Object.entries(overrides)) {
    params.set(key, value);
  }
  return params.toString();
}

/** `day`, `month`, `year` and optional `time` fields as the service's `YYYY-MM-DD[THH:MM]`. */
function occurredAtFrom(form: Record<string, string | undefined>): string {
  const date = dateInputValue(form, 'occurredAt');
  const time = (form.occurredTime ?? '').trim();
  return date && time ? `${date}T${time.padStart(5, '0')}` : date;
}

/** The entry fields shared by the add and amend forms; the service validates them and names what is wrong. */
function entryFieldsFrom(form: Record<string, string | undefined>) {
  return {
    occurredAt: occurredAtFrom(form),
    occurredAtIsApproximate: form.approximate === 'yes',
    category: (form.category ?? '') as 'other',
    summary: form.summary ?? '',
    nature: (form.nature ?? '') as 'fact',
    significance: (form.significance ?? '') as 'low',
    sensitivity: (form.sensitivity || 'standard') as 'standard',
  };
}

/** The chronology journey: reading a person's or family's chronology, adding, amending and withdrawing entries, exports, and voice. */
export async function chronologyPageRoutes(app: FastifyInstance, services: Services): Promise<void> {
  async function candidates(actor: Actor, personId: string) {
    // The people an entry can concern: this person and whoever in their household the writer may see.
    const ids = await services.relationships.householdMemberIds(personId, services.clock.now());
    const people = [];
    for (const id of [personId, ...ids.filter((memberId) => memberId !== personId)]) {
      try {
        const person = await services.people.getPerson(actor, id, 'chronology entry');
        people.push({ value: person.id, text: `${person.givenName} ${person.familyName}` });
      } catch (error) {
        if (!(error instanceof AppError && error.code === ErrorCode.NOT_FOUND)) {
          throw error;
        }
      }
    }
    return people;
  }

  async function showEntryForm(
    request: FastifyRequest,
    reply: FastifyReply,
    personId: string,
    form: Record<string, unknown>,
    errors?: ReturnType<typeof formErrors>,
  ) {
    const actor = pageActor(request);
    const person = await services.people.getPerson(actor, personId, 'chronology entry');
    const people = (await candidates(actor, personId)).map((option) => ({
      ...option,
      checked: asList(form.personIds ?? [personId]).includes(option.value),
    }));
    return renderPage(request, reply.code(errors ? 400 : 200), 'chronology/entry-form.njk', {
      pageTitle: `Add to ${person.givenName}’s chronology`,
      person,
      form,
      errors,
      people,
      categories: [{ value: '', text: 'Choose a category' }, ...options(CATEGORY_LABELS, asList(form.category))],
      natures: options(NATURE_LABELS, asList(form.nature)),
      significances: options(SIGNIFICANCE_LABELS, asList(form.significance)),
      sensitivities: options(SENSITIVITY_LABELS, asList(form.sensitivity ?? 'standard')),
    });
  }

  app.get('/people/:id/chronology', { preHandler: requireSignedIn }, async (request, reply) => {
    const params = IdParams.safeParse(request.params);
    if (!params.success) {
      return reply.callNotFound();
    }
    const actor = pageActor(request);
    const query = FilterQuery.parse(request.query ?? {});
    const person = await services.people.getPerson(actor, params.data.id, 'chronology');
    const filter = {
      agencyIds: query.agency.filter((value) => z.uuid().safeParse(value).success),
      categories: query.category.filter((value): value is (typeof CATEGORIES)[number] => (CATEGORIES as readonly string[]).includes(value)),
      significances: query.significance.filter((value): value is 'low' | 'medium' | 'high' => ['low', 'medium', 'high'].includes(value)),
      from: query.from || undefined,
      to: query.to || undefined,
      includeWithdrawn: query.withdrawn === 'show',
      page: query.page,
      pageSize: 25,
    };
    let errors: ReturnType<typeof formErrors> | undefined;
    let page: Awaited<ReturnType<typeof services.chronology.personChronology>> & { memberIds?: string[] };
    try {
      page =
        query.view === 'family'
          ? await services.chronology.familyChronology(actor, person.id, filter)
          : await services.chronology.personChronology(actor, person.id, filter);
    } catch (error) {
      if (!(error instanceof AppError && error.code === ErrorCode.VALIDATION)) {
        throw error;
      }
      errors = formErrors(error.fields);
      page = await services.chronology.personChronology(actor, person.id, { page: 1, pageSize: 25 });
    }
    const agencies = await services.agencies.listAgencies();
    const pages = Math.max(1, Math.ceil(page.total / page.pageSize));
    return renderPage(request, reply.code(errors ? 400 : 200), 'chronology/chronology.njk', {
      pageTitle: `${query.view === 'family' ? 'Family chronology' : 'Chronology'}: ${person.givenName} ${person.familyName}`,
      person,
      query,
      errors,
      page: { ...page, entries: page.entries.map((entry) => entryView(entry, actor)) },
      familySize: page.memberIds?.length ?? 1,
      agencies: agencies.map((agency) => ({ value: agency.id, text: agency.name, checked: query.agency.includes(agency.id) })),
      categories: options(CATEGORY_LABELS, query.category),
      significances: options(SIGNIFICANCE_LABELS, query.significance),
      pagination: {
        previous: page.page > 1 ? { href: `?${filterQueryString(query, { page: String(page.page - 1) })}` } : undefined,
        next: page.page < pages ? { href: `?${filterQueryString(query, { page: String(page.page + 1) })}` } : undefined,
        text: `Page ${page.page} of ${pages}`,
      },
      showWithdrawnHref: `?${filterQueryString({ ...query, withdrawn: 'show' }, { page: '1' })}`,
      exportQuery: filterQueryString(query),
    });
  });

  app.get('/people/:id/chronology/export.:format', { preHandler: requireSignedIn }, async (request, reply) => {
    const params = z.object({ id: z.uuid(), format: z.enum(['pdf', 'csv']) }).safeParse(request.params);
    if (!params.success) {
      return reply.callNotFound();
    }
    const actor = pageActor(request);
    const query = FilterQuery.parse(request.query ?? {});
    const person = await services.people.getPerson(actor, params.data.id, 'chronology export');
    const file = await services.chronology.exportChronology(actor, {
      personId: person.id,
      family: query.view === 'family',
      from: query.from || undefined,
      to: query.to || undefined,
      format: params.data.format,
      title: `${query.view === 'family' ? 'Family chronology' : 'Chronology'}: ${person.givenName} ${person.familyName}`,
    });
    return reply.type(file.contentType).header('content-disposition', `attachment; filename="${file.filename}"`).send(file.body);
  });

  app.get('/people/:id/chronology/new', { preHandler: requireSignedIn }, async (request, reply) => {
    const params = IdParams.safeParse(request.params);
    if (!params.success) {
      return reply.callNotFound();
    }
    return showEntryForm(request, reply, params.data.id, {});
  });

  app.post('/people/:id/chronology/new', { preHandler: requireSignedIn, preValidation: app.csrfProtection }, async (request, reply) => {
    const params = IdParams.safeParse(request.params);
    if (!params.success) {
      return reply.callNotFound();
    }
    const form = (request.body ?? {}) as Record<string, string | undefined>;
    try {
      const entry = await services.chronology.recordEntry(pageActor(request), {
        ...entryFieldsFrom(form),
        personIds: asList(form.personIds),
      });
      return reply.redirect(`/chronology/entries/${entry.id}?recorded=1&from=${params.data.id}`, 303);
    } catch (error) {
      if (error instanceof AppError && error.code === ErrorCode.VALIDATION) {
        return showEntryForm(request, reply, params.data.id, form, formErrors(entryFieldErrors(error.fields)));
      }
      throw error;
    }
  });

  app.get('/chronology/entries/:id', { preHandler: requireSignedIn }, async (request, reply) => {
    const params = IdParams.safeParse(request.params);
    if (!params.success) {
      return reply.callNotFound();
    }
    const actor = pageActor(request);
    const history = await services.chronology.getEntryHistory(actor, params.data.id);
    const current = history.find((entry) => entry.id === params.data.id) as ChronologyEntry;
    const flags = request.query as Record<string, string | undefined>;
    return renderPage(request, reply, 'chronology/entry.njk', {
      pageTitle: `${CATEGORY_LABELS[current.category]} on ${formatEventTime(current.occurredAt, { timeIsKnown: current.timeIsKnown, approximate: current.occurredAtIsApproximate })}`,
      entry: entryView(current, actor),
      history: history.map((entry) => entryView(entry, actor)),
      banner: flags.recorded
        ? 'The entry has been added to the chronology.'
        : flags.amended
          ? 'The entry has been amended. The original is kept below.'
          : flags.withdrawn
            ? 'The entry has been withdrawn.'
            : undefined,
      backPersonId: current.people.find((person) => person.name !== null)?.id,
    });
  });

  async function showCorrectionForm(
    request: FastifyRequest,
    reply: FastifyReply,
    kind: 'amend' | 'withdraw',
    entryId: string,
    form: Record<string, unknown>,
    errors?: ReturnType<typeof formErrors>,
  ) {
    const actor = pageActor(request);
    const entry = entryView(await services.chronology.getEntry(actor, entryId), actor);
    const defaults = {
      ...dateInputFields('occurredAt', ukDateOf(entry.occurredAt)),
      occurredTime: entry.timeIsKnown ? ukTimeOf(entry.occurredAt) : '',
      approximate: entry.occurredAtIsApproximate ? 'yes' : '',
      category: entry.category,
      summary: entry.summary,
      nature: entry.nature,
      significance: entry.significance,
      sensitivity: entry.sensitivity,
    };
    const values = { ...defaults, ...form };
    return renderPage(request, reply.code(errors ? 400 : 200), kind === 'amend' ? 'chronology/amend.njk' : 'chronology/withdraw.njk', {
      pageTitle: kind === 'amend' ? 'Amend an entry' : 'Withdraw an entry',
      entry,
      form: values,
      errors,
      categories: options(CATEGORY_LABELS, [String(values.category)]),
      natures: options(NATURE_LABELS, [String(values.nature)]),
      significances: options(SIGNIFICANCE_LABELS, [String(values.significance)]),
      sensitivities: options(SENSITIVITY_LABELS, [String(values.sensitivity)]),
    });
  }

  for (const kind of ['amend', 'withdraw'] as const) {
    app.get(`/chronology/entries/:id/${kind}`, { preHandler: requireSignedIn }, async (request, reply) => {
      const params = IdParams.safeParse(request.params);
      return params.success ? showCorrectionForm(request, reply, kind, params.data.id, {}) : reply.callNotFound();
    });
    app.post(
      `/chronology/entries/:id/${kind}`,
      { preHandler: requireSignedIn, preValidation: app.csrfProtection },
      async (request, reply) => {
        const params = IdParams.safeParse(request.params);
        if (!params.success) {
          return reply.callNotFound();
        }
        const form = (request.body ?? {}) as Record<string, string | undefined>;
        const actor = pageActor(request);
        try {
          if (kind === 'withdraw') {
            await services.chronology.withdrawEntry(actor, params.data.id, { reason: form.reason ?? '' });
            return reply.redirect(`/chronology/entries/${params.data.id}?withdrawn=1`, 303);
          }
          const amended = await services.chronology.amendEntry(actor, params.data.id, {
            ...entryFieldsFrom(form),
            reason: form.reason ?? '',
          });
          return reply.redirect(`/chronology/entries/${amended.id}?amended=1`, 303);
        } catch (error) {
          if (error instanceof AppError && (error.code === ErrorCode.VALIDATION || error.code === ErrorCode.CONFLICT)) {
            return showCorrectionForm(
              request,
              reply,
              kind,
              params.data.id,
              form,
              formErrors(entryFieldErrors(error.fields), { field: 'reason', message: error.message }),
            );
          }
          throw error;
        }
      },
    );
  }

  async function showVoice(
    request: FastifyRequest,
    reply: FastifyReply,
    personId: string,
    form: Record<string, unknown>,
    errors?: ReturnType<typeof formErrors>,
  ) {
    const actor = pageActor(request);
    const person = await services.people.getPerson(actor, personId, 'voice');
    const voice = await services.chronology.voiceOf(actor, personId);
    return renderPage(request, reply.code(errors ? 400 : 200), 'chronology/voice.njk', {
      pageTitle: `${person.givenName}’s voice`,
      person,
      voice: {
        ...voice,
        entries: voice.entries.map((entry) => ({
          ...entry,
          heardOnText: formatIsoDate(entry.heardOn),
          methodLabel: VOICE_METHOD_LABELS[entry.method],
        })),
        lastHeardIndividuallyText: voice.lastHeardIndividuallyOn ? formatIsoDate(voice.lastHeardIndividuallyOn) : null,
      },
      staleDays: VOICE_STALE_AFTER_DAYS,
      form,
      errors,
      methods: [{ value: '', text: 'Choose how' }, ...options(VOICE_METHOD_LABELS, asList(form.method))],
    });
  }

  app.get('/people/:id/voice', { preHandler: requireSignedIn }, async (request, reply) => {
    const params = IdParams.safeParse(request.params);
    return params.success ? showVoice(request, reply, params.data.id, {}) : reply.callNotFound();
  });

  app.post('/people/:id/voice', { preHandler: requireSignedIn, preValidation: app.csrfProtection }, async (request, reply) => {
    const params = IdParams.safeParse(request.params);
    if (!params.success) {
      return reply.callNotFound();
    }
    const form = (request.body ?? {}) as Record<string, string | undefined>;
    try {
      await services.chronology.recordVoice(pageActor(request), params.data.id, {
        heardOn: dateInputValue(form, 'heardOn'),
        method: (form.method ?? '') as 'seen_alone',
        heardIndividually:
          form.heardIndividually === 'yes' ? true : form.heardIndividually === 'no' ? false : (undefined as unknown as boolean),
        words: form.words ?? '',
        isVerbatim: form.isVerbatim === 'yes',
        wishesAndFeelings: form.wishesAndFeelings || undefined,
      });
      return reply.redirect(`/people/${params.data.id}/voice?recorded=1`, 303);
    } catch (error) {
      if (error instanceof AppError && error.code === ErrorCode.VALIDATION) {
        return showVoice(request, reply, params.data.id, form, formErrors(error.fields));
      }
      throw error;
    }
  });
}

/** Service fields as the form's field ids: the date input's first box, and the first person checkbox. */
function entryFieldErrors(fields: FieldError[]): FieldError[] {
  return fields.map((field) => ({
    field: field.field === 'occurredAt' ? 'occurredAt-day' : field.field.startsWith('personIds') ? 'personIds' : field.field,
    message: field.message,
  }));
}
