import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import {
  type CorrectPersonInput,
  type CreatePersonInput,
  ETHNICITY_LABELS,
  HISTORY_FIELD_LABELS,
  IDENTIFIER_LABELS,
  type IdentifierKind,
  type LikelyMatch,
  NAME_KIND_LABELS,
  OTHER_NAME_KINDS,
  PERSON_KIND_LABELS,
  type Person,
  type PersonChange,
  type PersonDetails,
  type PersonField,
  type PersonMatch,
  SEX_LABELS,
  type UpdatePersonInput,
} from '../../../modules/people/index.ts';
import type { Actor } from '../../../platform/access/actor.ts';
import { ErrorCode, type FieldError, isAppError } from '../../../platform/errors.ts';
import type { Services } from '../../../services.ts';
import { dateInputFields, pageActor, renderPage, requireSignedIn } from '../../web-context.ts';

const PersonParams = z.object({ id: z.uuid() });
const IdentifierParams = z.object({ id: z.uuid(), identifierId: z.uuid() });

type Form = Record<string, string>;

/** A posted form as plain strings (anything else a browser could not have sent is dropped). */
function formOf(body: unknown): Form {
  const form: Form = {};
  if (body && typeof body === 'object') {
    for (const [key, value] of Object.entries(body)) {
      if (typeof value === 'string') {
        form[key] = value;
      }
    }
  }
  return form;
}

const DATE_FIELDS = new Set(['dateOfBirth', 'expectedDeliveryDate', 'dateOfDeath', 'addressFrom', 'validFrom', 'validTo']);

/**
 * A GOV.UK date input (name-day, name-month, name-year) as YYYY-MM-DD: undefined when left empty,
 * a field error when only partly filled. A full but impossible date is passed on for the service to refuse.
 */
function dateFromForm(form: Form, name: string, label: string, errors: FieldError[]): string | undefined {
  const parts = ['day', 'month', 'year'].map((part) => (form[`${name}-${part}`] ?? '').trim());
  const [day, month, year] = parts as [string, string, string];
  if (parts.every((part) => part === '')) {
    return undefined;
  }
  if (parts.some((part) => part === '') || !/^\d{1,2}$/.test(day) || !/^\d{1,2}$/.test(month) || !/^\d{4}$/.test(year)) {
    errors.push({ field: name, message: `${label} must be a real date, with a day, month and year, like 27 3 2019` });
    return undefined;
  }
  return `${year}-${month.padStart(2, '0')}-${day.padStart(2, '0')}`;
}

function yesNo(value: string | undefined): boolean | undefined {
  return value === 'yes' ? true : value === 'no' ? false : undefined;
}

/** The identifier fields of the create form, in the order they are sent to the service. */
const IDENTIFIER_FIELDS: { field: string; kind: IdentifierKind }[] = [
  { field: 'nhsNumber', kind: 'nhs_number' },
  { field: 'upn', kind: 'upn' },
  { field: 'policeReference', kind: 'police_reference' },
  { field: 'laReference', kind: 'la_reference' },
];

/** Reads the "Add a person" form; `fieldOf` maps the service's error paths back to the form's fields. */
function createInputFrom(form: Form): { input: CreatePersonInput; errors: FieldError[]; fieldOf: (path: string) => string } {
  const errors: FieldError[] = [];
  const identifiers = IDENTIFIER_FIELDS.filter(({ field }) => (form[field] ?? '').trim() !== '');
  const hasAddress = ['addressLine1', 'addressLine2', 'addressTown', 'postcode'].some((field) => (form[field] ?? '').trim() !== '');
  const hasOtherName = (form.otherGivenName ?? '').trim() !== '' || (form.otherFamilyName ?? '').trim() !== '';
  const input: CreatePersonInput = {
    kind: (form.kind || undefined) as CreatePersonInput['kind'],
    givenName: form.givenName ?? '',
    familyName: form.familyName ?? '',
    dateOfBirth: dateFromForm(form, 'dateOfBirth', 'Date of birth', errors),
    dateOfBirthIsEstimated: form.dateOfBirthIsEstimated === 'yes',
    expectedDeliveryDate: dateFromForm(form, 'expectedDeliveryDate', 'Expected date of delivery', errors),
    sex: (form.sex || undefined) as CreatePersonInput['sex'],
    genderIdentity: form.genderIdentity,
    ethnicityCode: (form.ethnicityCode || undefined) as CreatePersonInput['ethnicityCode'],
    firstLanguage: form.firstLanguage,
    interpreterNeeded: yesNo(form.interpreterNeeded),
    disability: form.disability,
    identifiers: identifiers.map(({ field, kind }) => ({ kind, value: form[field] ?? '' })),
    ...(hasAddress
      ? {
          address: {
            line1: form.addressLine1 ?? '',
            line2: form.addressLine2,
            town: form.addressTown,
            postcode: form.postcode ?? '',
            validFrom: dateFromForm(form, 'addressFrom', 'The date they moved in', errors),
          },
        }
      : {}),
    ...(hasOtherName
      ? {
          otherNames: [
            {
              kind: (form.otherNameKind || 'previous') as (typeof OTHER_NAME_KINDS)[number],
              givenName: form.otherGivenName,
              familyName: form.otherFamilyName,
            },
          ],
        }
      : {}),
  };
  const paths: Record<string, string> = {
    'address.line1': 'addressLine1',
    'address.line2': 'addressLine2',
    'address.town': 'addressTown',
    'address.postcode': 'postcode',
    'address.validFrom': 'addressFrom',
    'otherNames.0.givenName': 'otherGivenName',
    'otherNames.0.familyName': 'otherFamilyName',
    'otherNames.0.kind': 'otherNameKind',
  };
  identifiers.forEach(({ field }, index) => {
    paths[`identifiers.${index}.value`] = field;
    paths[`identifiers.${index}.kind`] = field;
  });
  return { input, errors, fieldOf: (path) => paths[path] ?? path };
}

/** The person's own fields from a change or correction form, prefixed (two forms share a page). */
function changeInputFrom(form: Form, prefix: string): { input: UpdatePersonInput; errors: FieldError[] } {
  const errors: FieldError[] = [];
  const value = (name: string) => form[`${prefix}${name}`];
  const date = (name: string, label: string) => {
    const local: FieldError[] = [];
    const result = dateFromForm(form, `${prefix}${name}`, label, local);
    errors.push(...local.map((error) => ({ ...error, field: name })));
    return result ?? null;
  };
  const input: UpdatePersonInput = {
    kind: (value('kind') || undefined) as UpdatePersonInput['kind'],
    givenName: value('givenName') ?? '',
    familyName: value('familyName') ?? '',
    dateOfBirth: date('dateOfBirth', 'Date of birth'),
    dateOfBirthIsEstimated: value('dateOfBirthIsEstimated') === 'yes',
    expectedDeliveryDate: date('expectedDeliveryDate', 'Expected date of delivery'),
    dateOfDeath: date('dateOfDeath', 'Date of death'),
    sex: (value('sex') || null) as UpdatePersonInput['sex'],
    genderIdentity: value('genderIdentity') ?? null,
    ethnicityCode: (value('ethnicityCode') || null) as UpdatePersonInput['ethnicityCode'],
    firstLanguage: value('firstLanguage') ?? null,
    interpreterNeeded: yesNo(value('interpreterNeeded')) ?? null,
    disability: value('disability') ?? null,
  };
  return { input, errors };
}

/** The edit form's fields, filled from the record as it is now. */
function personToForm(person: Person, prefix: string): Form {
  const form: Form = {
    kind: person.kind,
    givenName: person.givenName,
    familyName: person.familyName,
    dateOfBirthIsEstimated: person.dateOfBirthIsEstimated ? 'yes' : '',
    sex: person.sex ?? '',
    genderIdentity: person.genderIdentity ?? '',
    ethnicityCode: person.ethnicityCode ?? '',
    firstLanguage: person.firstLanguage ?? '',
    interpreterNeeded: person.interpreterNeeded === null ? '' : person.interpreterNeeded ? 'yes' : 'no',
    disability: person.disability ?? '',
    ...dateInputFields('dateOfBirth', person.dateOfBirth),
    ...dateInputFields('expectedDeliveryDate', person.expectedDeliveryDate),
    ...dateInputFields('dateOfDeath', person.dateOfDeath),
  };
  return Object.fromEntries(Object.entries(form).map(([key, value]) => [`${prefix}${key}`, value]));
}

/** Field errors as the GOV.UK error summary and fields expect them; a date's link goes to its day box. */
function pageErrors(
  fields: FieldError[],
  prefix = '',
): { errorList: { text: string; href: string }[]; byField: Record<string, { text: string }> } {
  const byField: Record<string, { text: string }> = {};
  for (const error of fields) {
    byField[`${prefix}${error.field}`] ??= { text: error.message };
  }
  return {
    errorList: fields.map((error) => ({
      text: error.message,
      href: `#${prefix}${error.field}${DATE_FIELDS.has(error.field) ? '-day' : ''}`,
    })),
    byField,
  };
}

function formatNhsNumber(value: string): string {
  return /^\d{10}$/.test(value) ? `${value.slice(0, 3)} ${value.slice(3, 6)} ${value.slice(6)}` : value;
}

/** A history value as a practitioner reads it: labels for codes, "Not recorded" for nothing. */
function historyText(field: string, value: string | null): string {
  if (value === null || value === '') {
    return 'Not recorded';
  }
  if (field === 'sex') {
    return SEX_LABELS[value as keyof typeof SEX_LABELS] ?? value;
  }
  if (field === 'ethnicityCode') {
    return `${ETHNICITY_LABELS[value as keyof typeof ETHNICITY_LABELS] ?? value} (${value})`;
  }
  if (field === 'kind') {
    return PERSON_KIND_LABELS[value as keyof typeof PERSON_KIND_LABELS] ?? value;
  }
  if (value === 'yes' || value === 'no') {
    return value === 'yes' ? 'Yes' : 'No';
  }
  return value;
}

const when = (moment: Date) => moment.toISOString().slice(0, 16).replace('T', ' ');

/** Selects and radios for the forms, from the module's own lists. */
const CHOICES = {
  kinds: Object.entries(PERSON_KIND_LABELS).map(([value, text]) => ({ value, text })),
  sexes: Object.entries(SEX_LABELS).map(([value, text]) => ({ value, text })),
  ethnicities: Object.entries(ETHNICITY_LABELS).map(([value, text]) => ({ value, text: `${text} (${value})` })),
  otherNameKinds: OTHER_NAME_KINDS.map((value) => ({ value, text: NAME_KIND_LABELS[value] })),
  identifierKinds: Object.entries(IDENTIFIER_LABELS).map(([value, text]) => ({ value, text })),
};

function matchRows(matches: PersonMatch[]) {
  return matches.map((match) => ({
    id: match.person.id,
    name: `${match.person.givenName} ${match.person.familyName}`,
    dateOfBirth: match.person.dateOfBirth
      ? `${match.person.dateOfBirth}${match.person.dateOfBirthIsEstimated ? ' (estimated)' : ''}`
      : match.person.expectedDeliveryDate
        ? `Due ${match.person.expectedDeliveryDate}`
        : 'Not known',
    kind: PERSON_KIND_LABELS[match.person.kind],
    isRestricted: match.person.isRestricted,
    score: match.score,
    reasons: match.reasons,
  }));
}

/** A likely match at creation, with its probability and the explanation a practitioner can check. */
function likelyRows(matches: LikelyMatch[]) {
  return matchRows(matches).map((row, index) => {
    const match = matches[index] as LikelyMatch;
    return { ...row, summary: match.summary, evidence: match.evidence.map((field) => field.words), guard: match.guard };
  });
}

/**
 * People pages: find a person, add a person (after checking they are not already recorded), a
 * person's details with their history, and who has looked at the record. Every read is scoped and
 * audited by the people module; pages never query the database.
 */
export async function peopleRoutes(app: FastifyInstance, services: Services): Promise<void> {
  const people = services.people;

  // The search is a POST: names, dates of birth and NHS numbers must never sit in URLs, where
  // browser history, proxies and server logs would keep them (security requirement R21).
  app.get('/people/search', { preHandler: requireSignedIn }, async (request, reply) =>
    renderPage(request, reply, 'people/search.njk', { pageTitle: 'Find a person', form: {} }),
  );

  app.post('/people/search', { preHandler: requireSignedIn, preValidation: app.csrfProtection }, async (request, reply) => {
    const actor = pageActor(request);
    const form = formOf(request.body);
    const dateErrors: FieldError[] = [];
    const dateOfBirth = dateFromForm(form, 'dateOfBirth', 'Date of birth', dateErrors);
    const asked = ['name', 'identifier', 'postcode'].some((field) => (form[field] ?? '').trim() !== '') || dateOfBirth !== undefined;
    let results: ReturnType<typeof matchRows> | undefined;
    let errors: ReturnType<typeof pageErrors> | undefined;
    if (dateErrors.length > 0) {
      errors = pageErrors(dateErrors);
    } else if (asked) {
      try {
        results = matchRows(
          await people.searchPeople(actor, {
            name: form.name,
            dateOfBirth,
            identifier: form.identifier,
            postcode: form.postcode,
            limit: 50,
          }),
        );
      } catch (error) {
        if (!isAppError(error) || error.code !== ErrorCode.VALIDATION) {
          throw error;
        }
        errors = pageErrors(error.fields);
      }
    }
    if (errors) {
      reply.code(400);
    }
    return renderPage(request, reply, 'people/search.njk', { pageTitle: 'Find a person', form, results, errors });
  });

  const showNewPerson = (
    request: FastifyRequest,
    reply: FastifyReply,
    form: Form,
    extra: { errors?: ReturnType<typeof pageErrors>; matches?: ReturnType<typeof likelyRows>; heldElsewherePrompt?: string | null } = {},
  ) =>
    renderPage(request, reply, extra.matches ? 'people/matches.njk' : 'people/new.njk', {
      pageTitle: extra.matches ? (extra.matches.length > 0 ? 'Is it one of these people?' : 'Check with the MASH first') : 'Add a person',
      form,
      // Carried through the "is it one of these?" step so that nothing typed has to be typed again.
      hidden: Object.entries(form).filter(([key]) => key !== '_csrf' && key !== 'confirmed'),
      choices: CHOICES,
      ...extra,
    });

  app.get('/people/new', { preHandler: requireSignedIn }, async (request, reply) => showNewPerson(request, reply, {}));

  app.post('/people/new', { preHandler: requireSignedIn, preValidation: app.csrfProtection }, async (request, reply) => {
    const actor = pageActor(request);
    const form = formOf(request.body);
    const { input, errors: formErrors, fieldOf } = createInputFrom(form);
    const located = (fields: FieldError[]) => fields.map((error) => ({ ...error, field: fieldOf(error.field) }));
    if (formErrors.length > 0) {
      return showNewPerson(request, reply.code(400), form, { errors: pageErrors(formErrors) });
    }
    try {
      if (form.confirmed !== 'yes') {
        const matches = await people.findLikelyMatches(actor, input);
        if (matches.items.length > 0 || matches.heldElsewhere) {
          return showNewPerson(request, reply, form, {
            matches: likelyRows(matches.items),
            heldElsewherePrompt: matches.heldElsewherePrompt,
          });
        }
      }
      const person = await people.createPerson(actor, input);
      return reply.redirect(`/people/${person.id}?created=1`, 303);
    } catch (error) {
      if (isAppError(error) && (error.code === ErrorCode.VALIDATION || error.code === ErrorCode.CONFLICT)) {
        const fields = error.fields.length > 0 ? located(error.fields) : [{ field: 'nhsNumber', message: error.message }];
        return showNewPerson(request, reply.code(error.code === ErrorCode.CONFLICT ? 409 : 400), form, { errors: pageErrors(fields) });
      }
      throw error;
    }
  });

  /** The details page, with its forms filled from the record (or from what was just posted, with errors). */
  async function showPerson(
    request: FastifyRequest,
    reply: FastifyReply,
    actor: Actor,
    id: string,
    state: { errors?: ReturnType<typeof pageErrors>; form?: Form; open?: string } = {},
  ) {
    const person = await people.getPersonDetails(actor, id, 'view record');
    const [history, canViewAccessLog] = await Promise.all([people.getHistory(actor, id), people.canViewAccessLog(actor, id)]);
    const userNames = new Map<string, string>();
    for (const userId of new Set([...history.map((entry) => entry.changedBy)])) {
      userNames.set(userId, (await services.agencies.findUserById(userId))?.displayName ?? 'Unknown user');
    }
    const query = request.query as { created?: string; saved?: string };
    return renderPage(request, reply, 'people/person.njk', {
      pageTitle: `${person.givenName} ${person.familyName}`,
      person,
      facts: factsOf(person, history),
      names: person.names.map((name) => ({
        kind: NAME_KIND_LABELS[name.kind],
        name: [name.givenName, name.familyName].filter(Boolean).join(' '),
        from: name.validFrom ?? '',
        to: name.validTo ?? (name.kind === 'legal' ? 'Now' : ''),
      })),
      identifiers: person.identifiers.map((identifier) => ({
        ...identifier,
        label: IDENTIFIER_LABELS[identifier.kind],
        shown: identifier.kind === 'nhs_number' ? formatNhsNumber(identifier.value) : identifier.value,
        recorded: when(identifier.recordedAt),
        ended: identifier.endedAt ? when(identifier.endedAt) : '',
      })),
      addresses: person.addresses.map((address) => ({
        lines: [address.line1, address.line2, address.town, address.postcode].filter(Boolean),
        from: address.validFrom ?? 'Not known',
        to: address.validTo ?? 'Now',
      })),
      history: history.map((entry) => ({
        when: when(entry.changedAt),
        who: userNames.get(entry.changedBy) ?? 'Unknown user',
        what: HISTORY_FIELD_LABELS[entry.field] ?? entry.field,
        from: historyText(entry.field, entry.oldValue),
        to: historyText(entry.field, entry.newValue),
        isCorrection: entry.kind === 'correction',
        reason: entry.reason ?? '',
      })),
      form: state.form ?? { ...personToForm(person, 'change-'), ...personToForm(person, 'correct-') },
      open: state.open,
      errors: state.errors,
      choices: CHOICES,
      created: query.created === '1',
      saved: query.saved,
      canViewAccessLog,
    });
  }

  app.get('/people/:id', { preHandler: requireSignedIn }, async (request, reply) => {
    const params = PersonParams.safeParse(request.params);
    if (!params.success) {
      return reply.callNotFound();
    }
    try {
      return await showPerson(request, reply, pageActor(request), params.data.id);
    } catch (error) {
      // A record merged into another: old links lead to the record it became part of, if this user may open it.
      const survivor =
        isAppError(error) && error.code === ErrorCode.NOT_FOUND
          ? await services.duplicates.survivorOf(pageActor(request), params.data.id)
          : undefined;
      if (survivor) {
        return reply.redirect(`/people/${survivor}?saved=merged`, 303);
      }
      throw error;
    }
  });

  /**
   * The forms on the details page. Each posts here, then either redirects back to the page (Post,
   * Redirect, Get) or shows it again with a GOV.UK error summary and the values as typed; a refused
   * form writes nothing.
   */
  const actions: Record<
    string,
    {
      prefix: string;
      saved: string;
      firstField: string;
      run: (actor: Actor, id: string, form: Form, errors: FieldError[]) => Promise<unknown>;
    }
  > = {
    change: {
      firstField: 'kind',
      prefix: 'change-',
      saved: 'changed',
      run: async (actor, id, form, errors) => {
        const { input, errors: dateErrors } = changeInputFrom(form, 'change-');
        errors.push(...dateErrors);
        return errors.length > 0 ? undefined : people.updatePerson(actor, id, Number(form.version) || undefined, input);
      },
    },
    corrections: {
      firstField: 'reason',
      prefix: 'correct-',
      saved: 'corrected',
      run: async (actor, id, form, errors) => {
        const { input, errors: dateErrors } = changeInputFrom(form, 'correct-');
        errors.push(...dateErrors);
        const correction: CorrectPersonInput = { ...input, reason: form['correct-reason'] ?? '' };
        return errors.length > 0 ? undefined : people.correctPerson(actor, id, Number(form.version) || undefined, correction);
      },
    },
    names: {
      firstField: 'kind',
      prefix: 'name-',
      saved: 'name',
      run: async (actor, id, form, errors) => {
        const validFrom = dateFromForm(form, 'name-validFrom', 'The date it started', errors);
        const validTo = dateFromForm(form, 'name-validTo', 'The date it stopped', errors);
        return errors.length > 0
          ? undefined
          : people.addName(actor, id, {
              kind: (form['name-kind'] || undefined) as (typeof OTHER_NAME_KINDS)[number],
              givenName: form['name-givenName'],
              familyName: form['name-familyName'],
              validFrom,
              validTo,
            });
      },
    },
    identifiers: {
      firstField: 'kind',
      prefix: 'identifier-',
      saved: 'identifier',
      run: async (actor, id, form) =>
        people.addIdentifier(actor, id, {
          kind: (form['identifier-kind'] || undefined) as IdentifierKind,
          value: form['identifier-value'] ?? '',
        }),
    },
    addresses: {
      firstField: 'line1',
      prefix: 'address-',
      saved: 'address',
      run: async (actor, id, form, errors) => {
        const validFrom = dateFromForm(form, 'address-validFrom', 'The date they moved in', errors);
        return errors.length > 0
          ? undefined
          : people.addAddress(actor, id, {
              line1: form['address-line1'] ?? '',
              line2: form['address-line2'],
              town: form['address-town'],
              postcode: form['address-postcode'] ?? '',
              validFrom,
            });
      },
    },
  };

  for (const [path, action] of Object.entries(actions)) {
    app.post(`/people/:id/${path}`, { preHandler: requireSignedIn, preValidation: app.csrfProtection }, async (request, reply) => {
      const params = PersonParams.safeParse(request.params);
      if (!params.success) {
        return reply.callNotFound();
      }
      const actor = pageActor(request);
      const form = formOf(request.body);
      const errors: FieldError[] = [];
      try {
        await action.run(actor, params.data.id, form, errors);
      } catch (error) {
        if (!isAppError(error) || ![ErrorCode.VALIDATION, ErrorCode.CONFLICT, ErrorCode.STALE_VERSION].includes(error.code as never)) {
          throw error;
        }
        errors.push(...(error.fields.length > 0 ? error.fields : [{ field: action.firstField, message: error.message }]));
      }
      if (errors.length > 0) {
        // The services name fields without the form's prefix; the page's ids carry it.
        const unprefixed = errors.map((error) => ({ ...error, field: error.field.replace(action.prefix, '') }));
        reply.code(400);
        return showPerson(request, reply, actor, params.data.id, { errors: pageErrors(unprefixed, action.prefix), form, open: path });
      }
      return reply.redirect(`/people/${params.data.id}?saved=${action.saved}`, 303);
    });
  }

  app.post(
    '/people/:id/identifiers/:identifierId/end',
    { preHandler: requireSignedIn, preValidation: app.csrfProtection },
    async (request, reply) => {
      const params = IdentifierParams.safeParse(request.params);
      if (!params.success) {
        return reply.callNotFound();
      }
      await people.endIdentifier(pageActor(request), params.data.id, params.data.identifierId, {});
      return reply.redirect(`/people/${params.data.id}?saved=identifier-ended`, 303);
    },
  );

  app.get('/people/:id/access-log', { preHandler: requireSignedIn }, async (request, reply) => {
    const params = PersonParams.safeParse(request.params);
    if (!params.success) {
      return reply.callNotFound();
    }
    const actor = pageActor(request);
    const entries = await people.getAccessLog(actor, params.data.id);
    return renderPage(request, reply, 'people/access-log.njk', {
      pageTitle: 'Who has viewed this record',
      personId: params.data.id,
      entries: entries.map((entry) => ({ ...entry, when: when(entry.occurredAt) })),
    });
  });
}

/** The summary list: each detail, and for one corrected, what it said before. */
function factsOf(person: PersonDetails, history: PersonChange[]) {
  const corrected = new Map<string, PersonChange[]>();
  for (const entry of history.filter((change) => change.kind === 'correction')) {
    corrected.set(entry.field, [...(corrected.get(entry.field) ?? []), entry]);
  }
  const row = (field: PersonField, label: string, text: string) => {
    const corrections = corrected.get(field) ?? [];
    const earliest = corrections[corrections.length - 1];
    return {
      label,
      text,
      correction: earliest
        ? `Corrected on ${earliest.changedAt.toISOString().slice(0, 10)}: originally ${historyText(field, earliest.oldValue)}`
        : '',
    };
  };
  const rows = [
    row('kind', 'Child, unborn baby or adult', PERSON_KIND_LABELS[person.kind]),
    row('givenName', 'Given name', person.givenName),
    row('familyName', 'Family name', person.familyName),
    row(
      'dateOfBirth',
      'Date of birth',
      person.dateOfBirth ? `${person.dateOfBirth}${person.dateOfBirthIsEstimated ? ' (estimated)' : ''}` : 'Not known',
    ),
  ];
  if (person.kind === 'unborn' || person.expectedDeliveryDate) {
    rows.push(row('expectedDeliveryDate', 'Expected date of delivery', person.expectedDeliveryDate ?? 'Not known'));
  }
  rows.push(
    row('sex', 'Sex', person.sex ? SEX_LABELS[person.sex] : 'Not recorded'),
    row('genderIdentity', 'Gender identity', person.genderIdentity ?? 'Not recorded'),
    row('ethnicityCode', 'Ethnicity', person.ethnicityCode ? historyText('ethnicityCode', person.ethnicityCode) : 'Not recorded'),
    row('firstLanguage', 'First language', person.firstLanguage ?? 'Not recorded'),
    row(
      'interpreterNeeded',
      'Interpreter needed',
      person.interpreterNeeded === null ? 'Not recorded' : person.interpreterNeeded ? 'Yes' : 'No',
    ),
    row('disability', 'Disability', person.disability ?? 'None recorded'),
  );
  if (person.dateOfDeath) {
    rows.push(row('dateOfDeath', 'Date of death', person.dateOfDeath));
  }
  return rows;
}
