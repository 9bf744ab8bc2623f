import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import {
  type AdultAroundChild,
  ecomapSvg,
  type FamilyView,
  genogramFacts,
  genogramSvg,
  HOUSEHOLD_ROLE_LABELS,
  HOUSEHOLD_ROLES,
  PARENTING_KINDS,
  type PersonRef,
  RELATIONSHIP_KINDS,
  RELATIONSHIP_LABELS,
} from '../../../modules/relationships/index.ts';
import type { Actor } from '../../../platform/access/actor.ts';
import { formatShortDate, formatShortDateOf } from '../../../platform/dates.ts';
import { AppError, ErrorCode, type FieldError, isAppError } from '../../../platform/errors.ts';
import type { Services } from '../../../services.ts';
import { formErrors, pageActor, renderPage, requireSignedIn } from '../../web-context.ts';

const PersonParams = z.object({ id: z.uuid() });
const Form = z.record(z.string(), z.union([z.string(), z.array(z.string())]).optional());
type FormName = 'relationship' | 'household' | 'member' | 'checks';

/** '2026-11-20' → '20 Nov 2026'; nothing when not known. */
function day(value: string | null): string {
  return value ? formatShortDate(value) : '';
}

const DONE_MESSAGES = {
  relationship: 'The relationship has been recorded.',
  household: 'The household has been recorded.',
  member: 'The person has been added to the household.',
  checks: 'The date they were seen or assessed has been recorded.',
} as const satisfies Record<FormName, string>;

function field(form: Record<string, string | string[] | undefined>, name: string): string {
  const value = form[name];
  return (Array.isArray(value) ? value[0] : value)?.trim() ?? '';
}

/** Parental responsibility in words for a table cell: known or not, never assumed. */
function prCell(hasParentalResponsibility: boolean | null | undefined, prEvidenceSeen: boolean): string {
  if (hasParentalResponsibility === undefined) {
    return 'Does not apply';
  }
  if (hasParentalResponsibility === null) {
    return 'Not known';
  }
  if (!hasParentalResponsibility) {
    return 'No';
  }
  return prEvidenceSeen ? 'Yes, evidence seen' : 'Yes, evidence not seen';
}

function personLabel(ref: PersonRef): string {
  return ref.age === null ? ref.name : `${ref.name} (${ref.age})`;
}

/** The family page's rows, ready for the template: dates in words, flags as tags. */
function presentAdults(adults: AdultAroundChild[]) {
  return adults.map((adult) => ({
    person: adult.person,
    relationship: adult.relationshipLabel,
    parentalResponsibility: prCell(adult.hasParentalResponsibility, adult.prEvidenceSeen),
    household:
      adult.householdRoles.map((role) => `${role.roleLabel.replace(/ \(.*\)$/, '')} (${role.householdLabel})`).join('; ') ||
      'Lives elsewhere',
    seenOn: day(adult.lastSeenOn),
    assessedOn: day(adult.assessedOn),
    notSeen: adult.notSeen,
    notAssessed: adult.notAssessed,
    checksTarget: `${adult.checksTarget.kind}:${adult.checksTarget.id}`,
  }));
}

/**
 * The family page: the adults around a person (who has been seen or assessed), their households,
 * their relationships, the genogram and the ecomap with text alternatives, and the agencies and
 * workers involved. Its forms post to their own addresses and come back here.
 */
export async function familyPageRoutes(app: FastifyInstance, services: Services): Promise<void> {
  async function showFamily(
    request: FastifyRequest,
    reply: FastifyReply,
    actor: Actor,
    personId: string,
    state: { form?: FormName; values?: Record<string, string>; fields?: FieldError[] } = {},
  ) {
    const person = await services.people.getPerson(actor, personId, 'family view');
    const view: FamilyView = await services.relationships.getFamilyView(actor, personId);
    // Whom to offer in the forms: the family circle, plus the people a search finds. Listing everyone the
    // reader may see on every visit would fill the audit trail with reads nobody made on purpose.
    const query = request.query as { find?: string; done?: string };
    const find = (state.values?.find ?? query.find ?? '').trim().slice(0, 200);
    const visible = find ? await services.people.listPeople(actor, { name: find, limit: 50 }) : [];
    const candidates = new Map<string, string>();
    for (const ref of view.circle) {
      if (ref.id) {
        candidates.set(ref.id, personLabel(ref));
      }
    }
    for (const other of visible) {
      if (other.id !== personId && !candidates.has(other.id)) {
        candidates.set(other.id, `${other.givenName} ${other.familyName}`);
      }
    }
    const people = [...candidates].map(([value, text]) => ({ value, text })).sort((a, b) => a.text.localeCompare(b.text, 'en-GB'));

    const liveHouseholds = view.households.filter((household) =>
      household.members.some((member) => member.person.id === personId && member.isCurrent),
    );
    const errors = state.fields && state.form ? formErrors(state.fields) : undefined;
    if (errors && state.form) {
      // One page, four forms: field ids carry the form's name so the summary links land on the right field.
      errors.errorList = errors.errorList.map((error) => ({ ...error, href: `#${state.form}-${error.href.slice(1)}` }));
    }
    const done = query.done;
    return renderPage(request, reply, 'family/family.njk', {
      pageTitle: `Family and household – ${person.givenName} ${person.familyName}`,
      person,
      name: `${person.givenName} ${person.familyName}`,
      done: done && done in DONE_MESSAGES ? DONE_MESSAGES[done as FormName] : undefined,
      adults: presentAdults(view.adultsAround),
      households: view.households.map((household) => ({
        ...household,
        isLive: liveHouseholds.includes(household),
        members: household.members.map((member) => ({
          ...member,
          roleLabel: member.roleLabel,
          startsOn: day(member.startsOn) || 'Not known',
          endsOn: day(member.endsOn),
          seenOn: day(member.seenOn),
          assessedOn: day(member.assessedOn),
        })),
      })),
      relationships: view.relationships.map((relationship) => ({
        ...relationship,
        startsOn: day(relationship.startsOn),
        endsOn: day(relationship.endsOn),
        pr:
          relationship.isPersonSide && PARENTING_KINDS.includes(relationship.kind)
            ? prCell(relationship.hasParentalResponsibility, relationship.prEvidenceSeen)
            : '',
      })),
      involvements: view.involvements.map((involvement) => ({
        ...involvement,
        who: involvement.workerName ?? involvement.teamName ?? '',
        startsAt: formatShortDateOf(involvement.startsAt),
        endsAt: involvement.endsAt ? formatShortDateOf(involvement.endsAt) : '',
      })),
      genogramSvg: genogramSvg(view.genogram),
      genogramFacts: genogramFacts(view.genogram),
      ecomapSvg: ecomapSvg(view.ecomap),
      ecomapFacts: [
        ...view.ecomap.agencies.map((agency) => `${agency.name}: ${agency.detail}${agency.current ? '' : ' (ended)'}.`),
        ...view.ecomap.workers.map((worker) => {
          const agency = view.ecomap.agencies.find((candidate) => candidate.key === worker.agencyKey);
          return `${worker.name}${agency ? `, ${agency.name}` : ''}: ${worker.detail}${worker.current ? '' : ' (ended)'}.`;
        }),
      ],
      people,
      find,
      found: find ? visible.filter((other) => other.id !== personId).length : undefined,
      liveHouseholds: liveHouseholds.map((household) => ({ value: household.id, text: household.label })),
      kinds: RELATIONSHIP_KINDS.map((kind) => ({ value: kind, text: RELATIONSHIP_LABELS[kind] })),
      roles: HOUSEHOLD_ROLES.map((role) => ({ value: role, text: HOUSEHOLD_ROLE_LABELS[role] })),
      checkTargets: view.adultsAround.map((adult) => ({
        value: `${adult.checksTarget.kind}:${adult.checksTarget.id}`,
        text: `${adult.person.name} – ${adult.relationshipLabel}`,
      })),
      form: state.form,
      values: state.values ?? {},
      errors,
    });
  }

  /** Runs a form's write; on bad input shows the page again with the GOV.UK error summary, else back to the page. */
  async function handleForm(
    request: FastifyRequest,
    reply: FastifyReply,
    form: FormName,
    write: (actor: Actor, personId: string, values: Record<string, string>) => Promise<unknown>,
  ) {
    const params = PersonParams.safeParse(request.params);
    if (!params.success) {
      return reply.callNotFound();
    }
    const actor = pageActor(request);
    const raw = Form.parse(request.body ?? {});
    const values = Object.fromEntries(Object.keys(raw).map((key) => [key, field(raw, key)]));
    try {
      await write(actor, params.data.id, values);
    } catch (error) {
      if (isAppError(error) && error.code === ErrorCode.VALIDATION) {
        reply.code(400);
        return showFamily(request, reply, actor, params.data.id, {
          form,
          values,
          fields: error.fields.length > 0 ? error.fields : [{ field: 'form', message: error.message }],
        });
      }
      throw error;
    }
    return reply.redirect(`/people/${params.data.id}/family?done=${form}#${form}-section`, 303);
  }

  app.get('/people/:id/family', { preHandler: requireSignedIn }, async (request, reply) => {
    const params = PersonParams.safeParse(request.params);
    if (!params.success) {
      return reply.callNotFound();
    }
    return showFamily(request, reply, pageActor(request), params.data.id);
  });

  app.post('/people/:id/family/relationships', { preHandler: requireSignedIn, preValidation: app.csrfProtection }, (request, reply) =>
    handleForm(request, reply, 'relationship', (actor, personId, values) =>
      services.relationships.recordRelationship(actor, {
        personId,
        relatedPersonId: values.relatedPersonId ?? '',
        kind: (values.kind ?? '') as 'mother',
        hasParentalResponsibility:
          values.hasParentalResponsibility === 'yes' ? true : values.hasParentalResponsibility === 'no' ? false : null,
        prEvidenceSeen: values.prEvidenceSeen === 'yes',
        prEvidenceNote: values.prEvidenceNote,
        startsOn: values.startsOn,
        notes: values.notes,
      }),
    ),
  );

  app.post('/people/:id/family/households', { preHandler: requireSignedIn, preValidation: app.csrfProtection }, (request, reply) =>
    handleForm(request, reply, 'household', (actor, personId, values) =>
      services.relationships.createHousehold(actor, {
        personId,
        label: values.label ?? '',
        postcode: values.postcode,
        startsOn: values.startsOn,
      }),
    ),
  );

  app.post('/people/:id/family/household-members', { preHandler: requireSignedIn, preValidation: app.csrfProtection }, (request, reply) =>
    handleForm(request, reply, 'member', async (actor, _personId, values) => {
      if (!values.householdId) {
        throw new AppError(ErrorCode.VALIDATION, 'There is a problem', [{ field: 'householdId', message: 'Select the household' }]);
      }
      return services.relationships.addHouseholdMember(actor, values.householdId, {
        personId: values.personId ?? '',
        role: (values.role ?? '') as 'resident',
        startsOn: values.startsOn,
      });
    }),
  );

  app.post('/people/:id/family/checks', { preHandler: requireSignedIn, preValidation: app.csrfProtection }, (request, reply) =>
    handleForm(request, reply, 'checks', async (actor, _personId, values) => {
      const [kind, id] = (values.target ?? '').split(':');
      const input = { seenOn: values.seenOn, assessedOn: values.assessedOn, note: values.note ?? '' };
      if (kind === 'household_member' && id) {
        return services.relationships.recordAdultChecks(actor, id, input);
      }
      if (kind === 'relationship' && id) {
        return services.relationships.recordRelationshipChecks(actor, id, input);
      }
      throw new AppError(ErrorCode.VALIDATION, 'There is a problem', [
        { field: 'target', message: 'Select the adult who was seen or assessed' },
      ]);
    }),
  );
}
