import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { REQUEST_STATUS_LABELS } from '../../../modules/information-sharing/index.ts';
import { type CreatePersonInput, type LikelyMatch, PERSON_KIND_LABELS, type PersonMatch } from '../../../modules/people/index.ts';
import {
  ABUSE_CATEGORY_LABELS,
  CONSENT_LABELS,
  CONTACT_KIND_LABELS,
  type CreateReferralInput,
  DECISION_ROUTES,
  ONWARD_KIND_LABELS,
  RATING_LABELS,
  type Referral,
  ROUTE_LABELS,
  STATUS_LABELS,
} from '../../../modules/referrals/index.ts';
import type { Actor } from '../../../platform/access/actor.ts';
import { hasPermission, Permission } from '../../../platform/access/permissions.ts';
import { formatDateTime, formatIsoDate, ukDateOf } from '../../../platform/dates.ts';
import { type AppError, ErrorCode, type FieldError, isAppError } from '../../../platform/errors.ts';
import { newId } from '../../../platform/ids.ts';
import type { Services } from '../../../services.ts';
import { dateInputValue, formErrors, pageActor, renderPage, requireSignedIn } from '../../web-context.ts';

type Form = Record<string, string | string[] | undefined>;
type Kind = 'child' | 'adult';

const IdParams = z.object({ id: z.uuid() });
const MAX_SUBJECTS = 20;

/** Strings and repeated fields (checkboxes) from a posted form; anything else is dropped. */
function formOf(body: unknown): Form {
  const form: Form = {};
  if (body && typeof body === 'object') {
    for (const [key, value] of Object.entries(body)) {
      if (typeof value === 'string') {
        form[key] = value;
      } else if (Array.isArray(value)) {
        form[key] = value.map(String);
      }
    }
  }
  return form;
}

const text = (form: Form, key: string): string => {
  const value = form[key];
  return Array.isArray(value) ? (value[0] ?? '') : (value ?? '');
};
const list = (form: Form, key: string): string[] => {
  const value = form[key];
  return value === undefined || value === '' ? [] : Array.isArray(value) ? value : [value];
};
/** A yes/no radio as a boolean; unanswered stays undefined so the service says what to answer. */
const yesNo = (form: Form, key: string): boolean | undefined =>
  text(form, key) === 'yes' ? true : text(form, key) === 'no' ? false : undefined;
const optional = (form: Form, key: string): string | undefined => text(form, key).trim() || undefined;

interface FormSubject {
  personId: string;
  role: string;
  consent: string;
}

function subjectsOf(form: Form): FormSubject[] {
  const count = Math.min(Number(text(form, 'subjectCount')) || 0, MAX_SUBJECTS);
  return Array.from({ length: count }, (_, index) => ({
    personId: text(form, `subjects.${index}.personId`),
    role: text(form, `subjects.${index}.role`) || 'subject',
    consent: text(form, `subjects.${index}.consent`),
  })).filter((subject) => subject.personId !== '');
}

function withSubjects(form: Form, subjects: FormSubject[]): Form {
  const next: Form = Object.fromEntries(Object.entries(form).filter(([key]) => !key.startsWith('subjects.')));
  subjects.forEach((subject, index) => {
    next[`subjects.${index}.personId`] = subject.personId;
    next[`subjects.${index}.role`] = subject.role;
    next[`subjects.${index}.consent`] = subject.consent;
  });
  next.subjectCount = String(subjects.length);
  return next;
}

/** The form as the service's input; the service checks it all and names each field that is wrong. */
function referralInputFrom(kind: Kind, form: Form): CreateReferralInput {
  const common = {
    referrerName: text(form, 'referrerName'),
    referrerOrganisation: text(form, 'referrerOrganisation'),
    referrerPhone: text(form, 'referrerPhone'),
    referrerEmail: text(form, 'referrerEmail'),
    concern: text(form, 'concern'),
    receivingTeamId: optional(form, 'receivingTeamId'),
    withoutConsentReason: optional(form, 'withoutConsentReason'),
    formToken: optional(form, 'formToken'),
    subjects: subjectsOf(form).map((subject) => ({
      personId: subject.personId,
      role: subject.role as 'subject',
      consent: (subject.consent || undefined) as 'given' | undefined,
    })),
  };
  if (kind === 'child') {
    return {
      kind: 'child',
      ...common,
      immediateDanger: yesNo(form, 'immediateDanger') as boolean,
      parentConsent: text(form, 'parentConsent') as 'given',
      viewsOfChild: optional(form, 'viewsOfChild'),
      viewsOfParents: optional(form, 'viewsOfParents'),
      helpInPlace: optional(form, 'helpInPlace'),
      earlyHelpPlanOpen: yesNo(form, 'earlyHelpPlanOpen') as boolean,
    };
  }
  return {
    kind: 'adult',
    ...common,
    viewsAndOutcomes: text(form, 'viewsAndOutcomes'),
    abuseCategories: list(form, 'abuseCategories') as ['physical'],
    mentalCapacityConcern: yesNo(form, 'mentalCapacityConcern') as boolean,
    mentalCapacityDetail: optional(form, 'mentalCapacityDetail'),
    substantialDifficulty: yesNo(form, 'substantialDifficulty') as boolean,
    appropriatePerson: optional(form, 'appropriatePerson'),
    personConsent: text(form, 'personConsent') as 'given',
  };
}

const options = (labels: Record<string, string>, selected: string[] = []) =>
  Object.entries(labels).map(([value, label]) => ({ value, text: label, checked: selected.includes(value) }));
const yesNoItems = (form: Form, key: string) => [
  { value: 'yes', text: 'Yes', checked: text(form, key) === 'yes' },
  { value: 'no', text: 'No', checked: text(form, key) === 'no' },
];

function when(at: Date | null): string {
  return at ? formatDateTime(at) : '';
}

/**
 * The front door journey: the queue of referrals and partner contacts, the Request for Help and adult
 * concern forms (saveable drafts, people found or added after the duplicate check), and the referral
 * page with the household and history at the top, then rating, decision and the route onward.
 */
export async function frontDoorPageRoutes(app: FastifyInstance, services: Services): Promise<void> {
  const { referrals, people } = services;

  /** Referrals go to the local authority's front door: its children's and adults' social care teams. */
  async function teamsOf(actor: Actor) {
    const agencies = (await services.agencies.listAgencies(actor.partnershipId ?? undefined)).filter((agency) =>
      ['children_social_care', 'adult_social_care'].includes(agency.kind),
    );
    const names = new Map(agencies.map((agency) => [agency.id, agency.name]));
    return (await services.agencies.listTeams())
      .filter((team) => names.has(team.agencyId))
      .map((team) => ({ ...team, agencyName: names.get(team.agencyId) }));
  }

  async function subjectRows(actor: Actor, form: Form) {
    const rows = [];
    for (const [index, subject] of subjectsOf(form).entries()) {
      let name = 'A person you can no longer see';
      let age: string | null = null;
      try {
        const person = await people.getPerson(actor, subject.personId, 'referral form');
        name = `${person.givenName} ${person.familyName}`;
        age = person.dateOfBirth ? formatIsoDate(person.dateOfBirth) : null;
      } catch (error) {
        if (!(isAppError(error) && error.code === ErrorCode.NOT_FOUND)) {
          throw error;
        }
      }
      rows.push({ index, ...subject, name, dateOfBirth: age });
    }
    return rows;
  }

  function matchRows(matches: PersonMatch[]) {
    return matches.map((match) => ({
      id: match.person.id,
      name: `${match.person.givenName} ${match.person.familyName}`,
      kind: PERSON_KIND_LABELS[match.person.kind],
      dateOfBirth: match.person.dateOfBirth ? formatIsoDate(match.person.dateOfBirth) : 'Not known',
      reasons: match.reasons.join(', '),
    }));
  }

  /** A likely match found at intake, with its probability and the explanation a practitioner can check. */
  function likelyRows(matches: LikelyMatch[]) {
    return matchRows(matches).map((row, index) => {
      const match = matches[index] as LikelyMatch;
      return { ...row, summary: match.summary, evidence: match.evidence.map((field) => field.words), guard: match.guard };
    });
  }

  async function showForm(
    request: FastifyRequest,
    reply: FastifyReply,
    kind: Kind,
    form: Form,
    state: {
      draftId?: string;
      contactId?: string;
      errors?: ReturnType<typeof formErrors>;
      found?: ReturnType<typeof matchRows>;
      likelyMatches?: ReturnType<typeof likelyRows>;
      heldElsewherePrompt?: string | null;
      banner?: string;
    } = {},
  ) {
    const actor = pageActor(request);
    const teams = await teamsOf(actor);
    const selectedTeam = text(form, 'receivingTeamId');
    const action = state.contactId
      ? `/front-door/contacts/${state.contactId}/referral`
      : state.draftId
        ? `/referrals/drafts/${state.draftId}`
        : `/referrals/new?kind=${kind}`;
    return renderPage(request, reply, 'front-door/referral-form.njk', {
      pageTitle: kind === 'child' ? 'Request for Help' : 'Adult safeguarding concern',
      kind,
      action,
      form,
      errors: state.errors,
      banner: state.banner,
      contactId: state.contactId,
      draftId: state.draftId,
      subjects: await subjectRows(actor, form),
      found: state.found,
      likelyMatches: state.likelyMatches,
      heldElsewherePrompt: state.heldElsewherePrompt,
      teams: [
        { value: '', text: 'Choose a team' },
        ...teams.map((team) => ({ value: team.id, text: `${team.name} (${team.agencyName})`, selected: team.id === selectedTeam })),
      ],
      consentItems: (key: string) => options(CONSENT_LABELS, [text(form, key)]),
      yesNo: (key: string) => yesNoItems(form, key),
      abuseCategories: options(ABUSE_CATEGORY_LABELS, list(form, 'abuseCategories')),
      canSaveDraft: !state.contactId,
    });
  }

  function located(error: AppError): ReturnType<typeof formErrors> {
    return formErrors(error.fields, { field: 'concern', message: error.message });
  }

  /**
   * Every button on the form but "Submit" keeps the form as a draft first, so nothing typed is lost
   * while people are found or added. Returns the reply, or undefined when the caller should submit.
   */
  async function handleFormAction(
    request: FastifyRequest,
    reply: FastifyReply,
    kind: Kind,
    form: Form,
    context: { draftId?: string; contactId?: string },
  ): Promise<FastifyReply | undefined> {
    const actor = pageActor(request);
    const action = text(form, 'action');
    let next: Form = Object.fromEntries(Object.entries(form).filter(([key]) => key !== '_csrf' && key !== 'action'));
    let found: ReturnType<typeof matchRows> | undefined;
    let likelyMatches: ReturnType<typeof likelyRows> | undefined;
    let heldElsewherePrompt: string | null = null;
    let errors: ReturnType<typeof formErrors> | undefined;
    if (action === 'submit') {
      return undefined;
    }
    if (action.startsWith('add:')) {
      const personId = action.slice(4);
      const subjects = subjectsOf(next);
      if (z.uuid().safeParse(personId).success && !subjects.some((subject) => subject.personId === personId)) {
        next = withSubjects(next, [...subjects, { personId, role: subjects.length === 0 ? 'subject' : 'carer', consent: '' }]);
      }
      next.findName = '';
    } else if (action.startsWith('remove:')) {
      const index = Number(action.slice(7));
      next = withSubjects(
        next,
        subjectsOf(next).filter((_, position) => position !== index),
      );
    } else if (action === 'find') {
      const name = text(next, 'findName').trim();
      if (!name) {
        errors = formErrors([{ field: 'findName', message: 'Enter a name to find' }]);
      } else {
        found = matchRows(await people.searchPeople(actor, { name }));
      }
    } else if (action === 'create' || action === 'create-confirmed') {
      const input: CreatePersonInput = {
        kind: (text(next, 'newKind') || (kind === 'child' ? 'child' : 'adult')) as 'child',
        givenName: text(next, 'newGivenName'),
        familyName: text(next, 'newFamilyName'),
        dateOfBirth: dateInputValue(next as Record<string, string>, 'newDateOfBirth') || undefined,
      };
      try {
        const matches = action === 'create' ? await people.findLikelyMatches(actor, input) : undefined;
        if (matches && (matches.items.length > 0 || matches.heldElsewhere)) {
          likelyMatches = likelyRows(matches.items);
          heldElsewherePrompt = matches.heldElsewherePrompt;
        } else {
          const person = await people.createPerson(actor, input);
          const subjects = subjectsOf(next);
          next = withSubjects(next, [...subjects, { personId: person.id, role: subjects.length === 0 ? 'subject' : 'carer', consent: '' }]);
          for (const key of ['newGivenName', 'newFamilyName', 'newDateOfBirth-day', 'newDateOfBirth-month', 'newDateOfBirth-year']) {
            next[key] = '';
          }
        }
      } catch (error) {
        if (isAppError(error) && (error.code === ErrorCode.VALIDATION || error.code === ErrorCode.CONFLICT)) {
          const fields = error.fields.map((field) => ({
            ...field,
            field: `new${field.field.charAt(0).toUpperCase()}${field.field.slice(1)}`,
          }));
          errors = formErrors(fields, { field: 'newGivenName', message: error.message });
        } else {
          throw error;
        }
      }
    }
    if (context.contactId) {
      // A contact's referral is made in one go by the MASH officer: its form is carried, not drafted.
      return showForm(request, reply.code(errors ? 400 : 200), kind, next, {
        contactId: context.contactId,
        errors,
        found,
        likelyMatches,
        heldElsewherePrompt,
      });
    }
    const draft = await referrals.saveDraft(actor, { kind, data: next }, context.draftId);
    if (!context.draftId && !found && !likelyMatches && !errors) {
      return reply.redirect(`/referrals/drafts/${draft.id}?saved=1`, 303);
    }
    return showForm(request, reply.code(errors ? 400 : 200), kind, next, {
      draftId: draft.id,
      errors,
      found,
      likelyMatches,
      heldElsewherePrompt,
      banner: action === 'save' ? 'Your draft has been saved. You can come back to it from the front door.' : undefined,
    });
  }

  async function submitted(
    request: FastifyRequest,
    reply: FastifyReply,
    kind: Kind,
    form: Form,
    context: { draftId?: string; contactId?: string },
    make: () => Promise<Referral>,
  ) {
    try {
      const referral = await make();
      return reply.redirect(`/referrals/${referral.id}?received=1`, 303);
    } catch (error) {
      if (
        isAppError(error) &&
        (error.code === ErrorCode.VALIDATION || error.code === ErrorCode.CONFLICT || error.code === ErrorCode.INVALID_TRANSITION)
      ) {
        const code = error.code === ErrorCode.VALIDATION ? 400 : 409;
        return showForm(request, reply.code(code), kind, form, { ...context, errors: located(error) });
      }
      throw error;
    }
  }

  app.get('/front-door', { preHandler: requireSignedIn }, async (request, reply) => {
    const actor = pageActor(request);
    const mine = await referrals.listReferrals(actor, { limit: 100 });
    const canTriage = hasPermission(actor, Permission.triageReferrals);
    const contacts = canTriage ? await referrals.listContacts(actor) : [];
    return renderPage(request, reply, 'front-door/front-door.njk', {
      pageTitle: 'Front door',
      drafts: mine.filter((item) => item.status === 'draft').map((item) => ({ ...item, updated: when(item.receivedAt) })),
      referrals: mine
        .filter((item) => item.status !== 'draft')
        .map((item) => ({
          ...item,
          statusLabel: STATUS_LABELS[item.status],
          received: when(item.receivedAt),
          ratingLabel: item.rating ? item.rating.charAt(0).toUpperCase() + item.rating.slice(1) : 'Not rated',
          routeLabel: item.route ? ROUTE_LABELS[item.route] : '',
          names: item.subjects.map((subject) => subject.name).join(', ') || 'People you cannot see',
          decisionDue: when(item.decisionDueAt),
        })),
      contacts: contacts.map((contact) => ({
        ...contact,
        kindLabel: CONTACT_KIND_LABELS[contact.kind],
        received: when(contact.receivedAt),
        names: contact.subjects.map((subject) => subject.name).join(', '),
      })),
      canTriage,
    });
  });

  app.get('/referrals/new', { preHandler: requireSignedIn }, async (request, reply) => {
    const kind: Kind = (request.query as { kind?: string }).kind === 'adult' ? 'adult' : 'child';
    const actor = pageActor(request);
    const teams = await teamsOf(actor);
    const hub = teams.find((team) => team.name === (kind === 'child' ? 'Multi-Agency Safeguarding Hub' : 'Adult Safeguarding Hub'));
    return showForm(request, reply, kind, {
      formToken: newId(),
      referrerName: actor.displayName,
      referrerOrganisation: teams.find((team) => team.agencyId === actor.agencyId)?.agencyName ?? '',
      receivingTeamId: hub?.id ?? '',
      subjectCount: '0',
    });
  });

  app.post('/referrals/new', { preHandler: requireSignedIn, preValidation: app.csrfProtection }, async (request, reply) => {
    const kind: Kind = (request.query as { kind?: string }).kind === 'adult' ? 'adult' : 'child';
    const form = formOf(request.body);
    const handled = await handleFormAction(request, reply, kind, form, {});
    if (handled) {
      return handled;
    }
    return submitted(request, reply, kind, form, {}, () => referrals.createReferral(pageActor(request), referralInputFrom(kind, form)));
  });

  app.get('/referrals/drafts/:id', { preHandler: requireSignedIn }, async (request, reply) => {
    const params = IdParams.safeParse(request.params);
    if (!params.success) {
      return reply.callNotFound();
    }
    const draft = await referrals.getReferral(pageActor(request), params.data.id);
    if (draft.status !== 'draft') {
      return reply.redirect(`/referrals/${draft.id}`, 303);
    }
    const saved = (request.query as { saved?: string }).saved === '1';
    return showForm(request, reply, draft.kind, (draft.draftData ?? {}) as Form, {
      draftId: draft.id,
      banner: saved ? 'Your draft has been saved. You can come back to it from the front door.' : undefined,
    });
  });

  app.post('/referrals/drafts/:id', { preHandler: requireSignedIn, preValidation: app.csrfProtection }, async (request, reply) => {
    const params = IdParams.safeParse(request.params);
    if (!params.success) {
      return reply.callNotFound();
    }
    const actor = pageActor(request);
    const draft = await referrals.getReferral(actor, params.data.id);
    const form = formOf(request.body);
    if (draft.status !== 'draft') {
      // The second click of a double submit lands here: the referral already exists.
      return reply.redirect(`/referrals/${draft.id}`, 303);
    }
    const handled = await handleFormAction(request, reply, draft.kind, form, { draftId: draft.id });
    if (handled) {
      return handled;
    }
    return submitted(request, reply, draft.kind, form, { draftId: draft.id }, () =>
      referrals.submitDraft(actor, draft.id, referralInputFrom(draft.kind, form)),
    );
  });

  app.get('/front-door/contacts/:id', { preHandler: requireSignedIn }, async (request, reply) => {
    const params = IdParams.safeParse(request.params);
    if (!params.success) {
      return reply.callNotFound();
    }
    const contact = await referrals.getContact(pageActor(request), params.data.id);
    return renderPage(request, reply, 'front-door/contact.njk', {
      pageTitle: CONTACT_KIND_LABELS[contact.kind],
      contact: {
        ...contact,
        kindLabel: CONTACT_KIND_LABELS[contact.kind],
        received: when(contact.receivedAt),
        occurred: when(contact.occurredAt),
      },
    });
  });

  app.get('/front-door/contacts/:id/referral', { preHandler: requireSignedIn }, async (request, reply) => {
    const params = IdParams.safeParse(request.params);
    if (!params.success) {
      return reply.callNotFound();
    }
    const actor = pageActor(request);
    const contact = await referrals.getContact(actor, params.data.id);
    const kind: Kind = (request.query as { kind?: string }).kind === 'adult' ? 'adult' : 'child';
    const linked = contact.subjects.flatMap((subject) =>
      subject.personId ? [{ personId: subject.personId, role: subject.role, consent: '' }] : [],
    );
    return showForm(
      request,
      reply,
      kind,
      withSubjects(
        {
          formToken: newId(),
          referrerName: contact.reportedBy,
          referrerOrganisation: contact.sourceAgencyName ?? '',
          concern: contact.summary,
          findName: contact.subjects.find((subject) => !subject.personId)?.name ?? '',
        },
        linked,
      ),
      { contactId: contact.id },
    );
  });

  app.post(
    '/front-door/contacts/:id/referral',
    { preHandler: requireSignedIn, preValidation: app.csrfProtection },
    async (request, reply) => {
      const params = IdParams.safeParse(request.params);
      if (!params.success) {
        return reply.callNotFound();
      }
      const kind: Kind = text(formOf(request.body), 'kind') === 'adult' ? 'adult' : 'child';
      const form = formOf(request.body);
      const handled = await handleFormAction(request, reply, kind, form, { contactId: params.data.id });
      if (handled) {
        return handled;
      }
      return submitted(request, reply, kind, form, { contactId: params.data.id }, () =>
        referrals.createReferralFromContact(pageActor(request), params.data.id, referralInputFrom(kind, form)),
      );
    },
  );

  async function showReferral(
    request: FastifyRequest,
    reply: FastifyReply,
    id: string,
    state: { errors?: ReturnType<typeof formErrors>; form?: Form; banner?: string } = {},
  ) {
    const actor = pageActor(request);
    const referral = await referrals.getReferral(actor, id);
    if (referral.status === 'draft') {
      return reply.redirect(`/referrals/drafts/${referral.id}`, 303);
    }
    const triage = await referrals.getTriageContext(actor, id);
    const strategy = await services.strategy.summaryForReferral(actor, id);
    const information = await services.informationSharing.summaryForReferral(actor, id);
    const names = new Map<string, string>([
      ...referral.subjects.flatMap((subject): [string, string][] => (subject.name ? [[subject.personId, subject.name]] : [])),
      ...triage.householdMembers.flatMap((member): [string, string][] =>
        member.person.id && member.person.name ? [[member.person.id, member.person.name]] : [],
      ),
    ]);
    const calendar = await services.calendar.load(referral.partnershipId);
    const today = services.clock.now();
    const workingDaysText = (due: Date) => {
      const days = calendar.workingDaysBetween(ukDateOf(today), ukDateOf(due));
      if (due < today) {
        return days === 0 ? 'overdue today' : `${-days} working day${days === -1 ? '' : 's'} overdue`;
      }
      return days === 0 ? 'due today' : `due in ${days} working day${days === 1 ? '' : 's'}`;
    };
    const form = state.form ?? {};
    const canTriage = hasPermission(actor, Permission.triageReferrals);
    const canDecide = hasPermission(actor, Permission.decideReferrals);
    const open = referral.status !== 'decided';
    const routes = DECISION_ROUTES[referral.kind];
    return renderPage(request, reply, 'front-door/referral.njk', {
      pageTitle: `${referral.kind === 'child' ? 'Request for Help' : 'Adult safeguarding concern'}: ${referral.subjects.map((subject) => subject.name).join(', ')}`,
      referral: {
        ...referral,
        statusLabel: STATUS_LABELS[referral.status],
        received: when(referral.receivedAt),
        decisionDue: referral.decisionDueAt ? `${when(referral.decisionDueAt)} (${workingDaysText(referral.decisionDueAt)})` : '',
        ratingDue: referral.ratingDueAt ? when(referral.ratingDueAt) : '',
        ratingLabel: referral.rating ? RATING_LABELS[referral.rating] : '',
        routeLabel: referral.route ? ROUTE_LABELS[referral.route] : '',
        decided: when(referral.decidedAt),
        abuseLabels: referral.abuseCategories.map((category) => ABUSE_CATEGORY_LABELS[category]),
        consentLabel: referral.parentConsent ? CONSENT_LABELS[referral.parentConsent] : '',
        subjects: referral.subjects.map((subject) => ({
          ...subject,
          consentLabel: subject.consent ? CONSENT_LABELS[subject.consent] : '',
        })),
        routes: referral.routes.map((route) => ({ ...route, label: ROUTE_LABELS[route.route], at: when(route.routedAt) })),
        onwardWork: referral.onwardWork.map((work) => ({
          ...work,
          label: ONWARD_KIND_LABELS[work.kind],
          due: `${when(work.dueAt)}${work.status === 'open' ? ` (${workingDaysText(work.dueAt)})` : ''}`,
        })),
        advocacyOutstanding: referral.advocacyNeeded && !referral.advocateArrangedAt,
      },
      triage: {
        ...triage,
        previousReferrals: triage.previousReferrals.map((item) => ({
          ...item,
          about: item.personIds.flatMap((personId) => names.get(personId) ?? []).join(', '),
          received: when(item.receivedAt),
          routeLabel: item.route ? ROUTE_LABELS[item.route] : STATUS_LABELS[item.status],
        })),
        onwardWork: triage.onwardWork.map((work) => ({ ...work, label: ONWARD_KIND_LABELS[work.kind], due: when(work.dueAt) })),
        recentChronology: triage.recentChronology.map((entry) => ({ ...entry, at: when(entry.occurredAt) })),
        otherChildren: triage.householdMembers.filter((member) => member.isChild && !member.onReferral).length,
      },
      form,
      errors: state.errors,
      banner: state.banner,
      canRate: canTriage && open,
      canDecide: canDecide && open,
      canRecordS42: canDecide && referral.kind === 'adult' && referral.route === 's42_decision' && !referral.s42Decision,
      canArrangeAdvocate: canDecide && referral.advocacyNeeded && !referral.advocateArrangedAt,
      ratings: options(RATING_LABELS, [text(form, 'rating')]),
      routeItems: routes.map((route) => ({ value: route, text: ROUTE_LABELS[route], checked: text(form, 'route') === route })),
      yesNo: (key: string) => yesNoItems(form, key),
      // Other journeys' panels, in the order a MASH officer works: information from partners, then strategy.
      panels: ['mash/information-panel.njk', 'strategy/strategy-panel.njk'],
      informationPanel: {
        ...information,
        canSend: canTriage && ['rated', 'information_gathering'].includes(referral.status),
        items: information.items.map((item) => ({ ...item, statusLabel: REQUEST_STATUS_LABELS[item.status] })),
      },
      strategyPanel: {
        canRecord: referral.route === 'strategy_discussion' && hasPermission(actor, Permission.caseRecords),
        discussions: strategy.discussions.map((discussion) => ({
          ...discussion,
          label: discussion.kind === 'meeting' ? 'Strategy meeting' : 'Strategy discussion',
          held: when(discussion.heldAt),
        })),
        section47: strategy.section47 && {
          ...strategy.section47,
          icpcDue: formatIsoDate(strategy.section47.icpcDueOn),
          workingDays:
            strategy.section47.icpcWorkingDaysLeft < 0
              ? `${-strategy.section47.icpcWorkingDaysLeft} working days overdue`
              : `in ${strategy.section47.icpcWorkingDaysLeft} working day${strategy.section47.icpcWorkingDaysLeft === 1 ? '' : 's'}`,
        },
      },
    });
  }

  app.get('/referrals/:id', { preHandler: requireSignedIn }, async (request, reply) => {
    const params = IdParams.safeParse(request.params);
    if (!params.success) {
      return reply.callNotFound();
    }
    const query = request.query as Record<string, string | undefined>;
    const banner = query.received
      ? 'The referral has been received.'
      : query.rated
        ? 'The rating has been recorded.'
        : query.decided
          ? 'The decision has been recorded and the next piece of work started.'
          : query.s42
            ? 'The section 42 decision has been recorded.'
            : query.advocate
              ? 'The advocate has been recorded as arranged.'
              : undefined;
    return showReferral(request, reply, params.data.id, { banner });
  });

  /** A refused action shows the referral with the reason in the error summary, and nothing written. */
  function action(
    path: string,
    run: (actor: Actor, id: string, form: Form) => Promise<unknown>,
    done: string,
    field: string,
    // The rating, decision and s42 forms share one page, so each names its own rationale field.
    rename: Record<string, string> = {},
  ) {
    app.post(`/referrals/:id/${path}`, { preHandler: requireSignedIn, preValidation: app.csrfProtection }, async (request, reply) => {
      const params = IdParams.safeParse(request.params);
      if (!params.success) {
        return reply.callNotFound();
      }
      const form = formOf(request.body);
      try {
        await run(pageActor(request), params.data.id, form);
        return reply.redirect(`/referrals/${params.data.id}?${done}=1`, 303);
      } catch (error) {
        if (!isAppError(error) || error.code === ErrorCode.NOT_FOUND) {
          throw error;
        }
        const status = { VALIDATION: 400, FORBIDDEN: 403, INVALID_TRANSITION: 409, CONFLICT: 409 }[error.code as string] ?? 400;
        const fields: FieldError[] =
          error.fields.length > 0
            ? error.fields.map((fieldError) => ({ ...fieldError, field: rename[fieldError.field] ?? fieldError.field }))
            : [{ field, message: error.message }];
        return showReferral(request, reply.code(status), params.data.id, { errors: formErrors(fields), form });
      }
    });
  }

  action(
    'rating',
    (actor, id, form) =>
      referrals.rateReferral(actor, id, {
        rating: text(form, 'rating') as 'red',
        needsMash: yesNo(form, 'needsMash') as boolean,
        rationale: text(form, 'ratingRationale'),
      }),
    'rated',
    'rating',
    { rationale: 'ratingRationale' },
  );

  action(
    'decision',
    (actor, id, form) =>
      referrals.decideReferral(actor, id, {
        route: text(form, 'route') as 'advice',
        rationale: text(form, 'rationale'),
        leadProfessional: optional(form, 'leadProfessional'),
        advocateArranged: text(form, 'advocateArranged') === 'yes' ? true : undefined,
      }),
    'decided',
    'route',
  );

  action(
    's42-decision',
    (actor, id, form) =>
      referrals.recordS42Decision(actor, id, {
        careAndSupportNeeds: yesNo(form, 'careAndSupportNeeds') as boolean,
        experiencingOrAtRisk: yesNo(form, 'experiencingOrAtRisk') as boolean,
        unableToProtect: yesNo(form, 'unableToProtect') as boolean,
        outcome: text(form, 'outcome') as 'enquiry',
        rationale: text(form, 's42Rationale'),
      }),
    's42',
    'outcome',
    { rationale: 's42Rationale' },
  );

  action('advocate-arranged', (actor, id) => referrals.recordAdvocateArranged(actor, id), 'advocate', 'advocate');
}
