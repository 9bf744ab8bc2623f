import type { Actor } from '../../platform/access/actor.ts';
import { recordAuditEvent } from '../../platform/audit-trail/record-audit-event.ts';
import type { Clock } from '../../platform/clock.ts';
import { type Db, type Tx, withTransaction } from '../../platform/database/transaction.ts';
import { ukDateOf } from '../../platform/dates.ts';
import { AppError, ErrorCode, type FieldError, notFound } from '../../platform/errors.ts';
import { newId } from '../../platform/ids.ts';
import { parseInput } from '../../platform/validation.ts';
import type { AccessService } from '../access/index.ts';
import { type CalendarService, type ClockSpec, describeClock } from '../calendar/index.ts';
import type { ChronologyService } from '../chronology/index.ts';
import type { PeopleService } from '../people/index.ts';
import type { RelationshipsService } from '../relationships/index.ts';
import { closeWorkItems, openWorkItem, type WorkKind } from '../work/index.ts';
import { canDecideReferrals, canMakeReferrals, canSendContacts, canTriageReferrals } from './referrals.policy.ts';
import * as repository from './referrals.repository.ts';
import {
  type AbuseCategory,
  type Consent,
  type Contact,
  CreateContactInput,
  CreateReferralInput,
  DecideReferralInput,
  type OnwardKind,
  OWN_CONSENT_AGE,
  type ParsedReferralInput,
  RateReferralInput,
  type Rating,
  REREFERRAL_MONTHS,
  RecordS42DecisionInput,
  type Referral,
  ReferralFilter,
  type ReferralListItem,
  type ReferralSummary,
  SaveDraftInput,
  type SubjectRole,
  type TriageContext,
} from './referrals.schema.ts';
import {
  type ReferralKind,
  type ReferralStatus,
  ROUTE_LABELS,
  type Route,
  requireDecisionRoute,
  requireMove,
  requireNextRoute,
} from './referrals.workflow.ts';

/** A later step on a referral recorded by another module (strategy: section 47, s42 enquiry). */
export interface ModuleRoute {
  route: Route;
  rationale: string;
  at: Date;
  /** The piece of work the step starts, with its clock, when this module keeps it (e.g. section 47 with its ICPC date). */
  onward?: { kind: OnwardKind; dueAt: Date; teamId?: string | null };
}

const REFERENCE_TYPE = 'referral';

/** Whole years between a date of birth and a day, both `YYYY-MM-DD`. */
function ageOn(dateOfBirth: string, day: string): number {
  const [by, bm, bd] = dateOfBirth.split('-').map(Number) as [number, number, number];
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  return y - by - (m < bm || (m === bm && d < bd) ? 1 : 0);
}

/** The outward letters of a postcode ("BS16 1QY" → "BS"): the area a move is judged by. */
function postcodeArea(postcode: string): string {
  return (
    postcode
      .trim()
      .toUpperCase()
      .match(/^[A-Z]{1,2}/)?.[0] ?? postcode
  );
}

/**
 * Moves into or out of the area, by a deliberately simple rule: an address that began in the last
 * 12 months is a recent move; a previous address in a different postcode area from the current one is
 * a move in from elsewhere (the "start again" pattern, where a family's history stays behind).
 */
function movesOf(
  personId: string,
  addresses: { postcode: string; validFrom: string | null; validTo: string | null }[],
  yearAgo: string,
): { personId: string; description: string }[] {
  const current = addresses.find((address) => address.validTo === null);
  const moves: { personId: string; description: string }[] = [];
  for (const address of addresses) {
    if (address.validFrom && address.validFrom >= yearAgo) {
      moves.push({ personId, description: `Moved to an address in ${postcodeArea(address.postcode)} on ${address.validFrom}` });
    }
    if (current && address !== current && postcodeArea(address.postcode) !== postcodeArea(current.postcode)) {
      moves.push({
        personId,
        description: `Previously lived in postcode area ${postcodeArea(address.postcode)}${address.validTo ? ` (until ${address.validTo})` : ''}, outside the current area ${postcodeArea(current.postcode)}`,
      });
    }
  }
  return moves;
}

/** Steps recorded in the same instant keep their order by following each step's previous route. */
function inChainOrder<T extends { route: string; previous_route: string | null }>(steps: T[]): T[] {
  const ordered: T[] = [];
  const left = [...steps];
  let previous: string | null = null;
  while (left.length > 0) {
    const index = left.findIndex((step) => step.previous_route === previous);
    const [next] = left.splice(index === -1 ? 0 : index, 1) as [T];
    ordered.push(next);
    previous = next.route;
  }
  return ordered;
}

function invalid(fields: FieldError[]): AppError {
  return new AppError(ErrorCode.VALIDATION, 'There is a problem with the information given', fields);
}

export function createReferralsService(
  db: Db,
  clock: Clock,
  deps: {
    access: AccessService;
    chronology: ChronologyService;
    calendar: CalendarService;
    people: PeopleService;
    relationships: RelationshipsService;
  },
) {
  const { access, chronology, calendar, people, relationships } = deps;

  async function requireVisible(executor: Db | Tx, actor: Actor, id: string, forUpdate = false) {
    const row = await repository.findVisibleReferral(executor, actor, clock.now(), id, { forUpdate });
    if (!row) {
      throw notFound();
    }
    return row;
  }

  async function clocksFor(tx: Tx, partnershipId: string) {
    return { working: await calendar.load(partnershipId, tx), clocks: await calendar.clocks(partnershipId, tx) };
  }

  async function open(
    tx: Tx,
    row: { id: string; partnership_id: string; receiving_team_id: string | null },
    personId: string | null,
    item: { kind: WorkKind; title: string; dueAt: Date; clockLabel: string; teamId?: string | null },
  ) {
    const teamId = item.teamId ?? row.receiving_team_id;
    if (!teamId) {
      return;
    }
    await openWorkItem(tx, clock, {
      partnershipId: row.partnership_id,
      kind: item.kind,
      title: item.title,
      personId,
      referenceType: REFERENCE_TYPE,
      referenceId: row.id,
      teamId,
      dueAt: item.dueAt,
      clockLabel: item.clockLabel,
    });
  }

  async function close(tx: Tx, actor: Actor, referralId: string, kind: WorkKind, outcome: string) {
    await closeWorkItems(tx, clock, actor, { referenceType: REFERENCE_TYPE, referenceId: referralId, kind, outcome });
  }

  /**
   * The checks that need the database: every person is one the referrer may see, the referral is about
   * someone of the right kind, and consent is recorded for each young person old enough to give it
   * (or the reason to share without it). Errors name positions in the form, never a person.
   */
  async function checkIntake(tx: Tx, actor: Actor, partnershipId: string, input: ParsedReferralInput, today: string) {
    const errors: FieldError[] = [];
    const ids = input.subjects.map((subject) => subject.personId);
    const people = new Map((await repository.peopleForReferral(tx, actor, clock.now(), ids, partnershipId)).map((p) => [p.id, p]));
    const seen = new Set<string>();
    let consentMissingWithoutReason = false;
    input.subjects.forEach((subject, index) => {
      const person = people.get(subject.personId);
      if (!person) {
        errors.push({
          field: `subjects.${index}.personId`,
          message: `Person ${index + 1} is not a record you can refer (find them or add them first)`,
        });
        return;
      }
      if (seen.has(subject.personId)) {
        errors.push({ field: `subjects.${index}.personId`, message: `Person ${index + 1} is already on this referral` });
      }
      seen.add(subject.personId);
      if (subject.role !== 'subject') {
        return;
      }
      if (input.kind === 'adult' && person.kind !== 'adult') {
        errors.push({
          field: `subjects.${index}.personId`,
          message: `Person ${index + 1} is not an adult: make a children’s Request for Help instead`,
        });
      }
      if (input.kind === 'child' && person.kind === 'adult') {
        errors.push({
          field: `subjects.${index}.personId`,
          message: `Person ${index + 1} is an adult: record them as a carer, or raise an adult safeguarding concern`,
        });
      }
      if (input.kind === 'child' && person.date_of_birth && ageOn(person.date_of_birth, today) >= OWN_CONSENT_AGE) {
        if (!subject.consent) {
          errors.push({
            field: `subjects.${index}.consent`,
            message: `Child ${index + 1} is ${ageOn(person.date_of_birth, today)}: record whether they consented to this referral`,
          });
        } else if (subject.consent !== 'given') {
          consentMissingWithoutReason = true;
        }
      }
    });
    if (!input.subjects.some((subject) => subject.role === 'subject')) {
      errors.push({ field: 'subjects', message: `Add the ${input.kind === 'child' ? 'child' : 'adult'} the referral is about` });
    }
    const ownConsent: Consent = input.kind === 'child' ? input.parentConsent : input.personConsent;
    if ((ownConsent !== 'given' || consentMissingWithoutReason) && !input.withoutConsentReason) {
      errors.push({
        field: 'withoutConsentReason',
        message: 'Consent was not given by everyone: give the reason for sharing without consent',
      });
    }
    if (input.receivingTeamId && !(await repository.teamInPartnership(tx, input.receivingTeamId, partnershipId))) {
      errors.push({ field: 'receivingTeamId', message: 'Choose a team in your partnership' });
    }
    return { errors, people };
  }

  /**
   * Receives a referral in the caller's transaction: a new row, a submitted draft, or a converted
   * contact. Gives the receiving team and the referrer's agency a basis for each person, starts the
   * triage (children) or decision (adults) clock, and writes the audit trail and the chronology.
   */
  async function receive(
    tx: Tx,
    actor: Actor,
    input: ParsedReferralInput,
    options: { draftId?: string; contactId?: string; referrerAgencyId?: string },
  ): Promise<Referral> {
    const partnershipId = actor.partnershipId as string;
    const now = clock.now();
    const { errors, people: found } = await checkIntake(tx, actor, partnershipId, input, ukDateOf(now));
    const receivingTeamId = input.receivingTeamId ?? (canTriageReferrals(actor) ? actor.teamIds[0] : undefined);
    if (!receivingTeamId && !errors.some((error) => error.field === 'receivingTeamId')) {
      errors.push({ field: 'receivingTeamId', message: 'Choose the team receiving the referral' });
    }
    if (errors.length > 0) {
      throw invalid(errors);
    }
    const { working, clocks } = await clocksFor(tx, partnershipId);
    const decisionDueAt = working.due(now, clocks.referralDecision);
    const advocacyNeeded = input.kind === 'adult' && input.substantialDifficulty && !input.appropriatePerson;
    const values = {
      partnership_id: partnershipId,
      kind: input.kind,
      status: 'received',
      received_at: now,
      receiving_team_id: receivingTeamId as string,
      referrer_agency_id: options.referrerAgencyId ?? actor.agencyId,
      referrer_name: input.referrerName,
      referrer_organisation: input.referrerOrganisation,
      referrer_phone: input.referrerPhone,
      referrer_email: input.referrerEmail,
      contact_id: options.contactId ?? null,
      concern: input.concern,
      without_consent_reason: input.withoutConsentReason ?? null,
      immediate_danger: input.kind === 'child' ? input.immediateDanger : null,
      parent_consent: input.kind === 'child' ? input.parentConsent : input.personConsent,
      views_of_child: input.kind === 'child' ? (input.viewsOfChild ?? null) : null,
      views_of_parents: input.kind === 'child' ? (input.viewsOfParents ?? null) : null,
      help_in_place: input.kind === 'child' ? (input.helpInPlace ?? null) : null,
      early_help_plan_open: input.kind === 'child' ? input.earlyHelpPlanOpen : null,
      views_and_outcomes: input.kind === 'adult' ? input.viewsAndOutcomes : null,
      abuse_categories: input.kind === 'adult' ? input.abuseCategories : [],
      mental_capacity_concern: input.kind === 'adult' ? input.mentalCapacityConcern : null,
      mental_capacity_detail: input.kind === 'adult' ? (input.mentalCapacityDetail ?? null) : null,
      substantial_difficulty: input.kind === 'adult' ? input.substantialDifficulty : null,
      appropriate_person: input.kind === 'adult' ? (input.appropriatePerson ?? null) : null,
      advocacy_needed: advocacyNeeded,
      decision_due_at: decisionDueAt,
      draft_data: null,
      form_token: input.formToken ?? null,
      updated_at: now,
    };
    let id: string;
    if (options.draftId) {
      id = options.draftId;
      await repository.updateReferral(tx, id, values, now);
    } else {
      id = newId();
      await repository.insertReferral(tx, { id, ...values, created_by: actor.userId, created_at: now });
    }
    await repository.insertSubjects(
      tx,
      id,
      input.subjects.map((subject) => ({ personId: subject.personId, role: subject.role, consent: subject.consent ?? null })),
    );
    const firstSubject = input.subjects.find((subject) => subject.role === 'subject')?.personId ?? null;
    const row = { id, partnership_id: partnershipId, receiving_team_id: receivingTeamId as string };
    if (input.kind === 'child') {
      const spec: ClockSpec = input.immediateDanger ? clocks.triage.red : clocks.referralDecision;
      await open(tx, row, firstSubject, {
        kind: 'referral_triage',
        title: input.immediateDanger ? 'Rate referral: immediate danger' : 'Rate referral',
        dueAt: working.due(now, spec),
        clockLabel: `${describeClock(spec)} from receipt`,
      });
    } else {
      await open(tx, row, firstSubject, {
        kind: 'referral_decision',
        title: 'Decide on adult safeguarding concern',
        dueAt: decisionDueAt,
        clockLabel: `${describeClock(clocks.referralDecision)} from receipt`,
      });
    }
    // Read back before the first audit event: from then on this transaction holds the audit chain's
    // head, and every statement still to run delays every other writer.
    const referral = options.draftId
      ? await loadReferral(tx, actor, (await repository.findVisibleReferral(tx, actor, now, id)) as repository.ReferralRow)
      : assembleReferral(
          {
            id,
            ...values,
            created_by: actor.userId,
            created_at: now,
            version: 1,
            advocate_arranged_at: null,
            rating: null,
            rating_due_at: null,
            rated_at: null,
            rated_by: null,
            rating_rationale: null,
            needs_mash: null,
            decision_route: null,
            decided_at: null,
            decided_by: null,
            decision_rationale: null,
            decided_late: null,
            route: null,
          },
          {
            // Every subject was checked visible to the writer a moment ago, so the in-memory copy is what a read would show.
            subjects: input.subjects.map((subject, position) => {
              const person = found.get(subject.personId);
              return {
                person_id: subject.personId,
                role: subject.role,
                consent: subject.consent ?? null,
                position,
                given_name: person?.given_name ?? '',
                family_name: person?.family_name ?? '',
                date_of_birth: person?.date_of_birth ?? null,
                kind: person?.kind ?? '',
              };
            }),
            allIds: input.subjects.map((subject) => subject.personId),
            routes: [],
            onward: [],
            s42: undefined,
          },
        );
    // Recorded as the referrer, with the system's licence: a referral is itself the reason the front door is involved.
    const licensed = { ...actor, kind: 'system' as const };
    for (const subject of input.subjects) {
      await access.recordInvolvement(
        licensed,
        {
          personId: subject.personId,
          kind: 'allocated_team',
          teamId: receivingTeamId,
          sourceType: 'referral',
          sourceId: id,
          reason: 'Referral received',
        },
        tx,
      );
      for (const agencyId of new Set([options.referrerAgencyId, actor.agencyId].filter((value): value is string => Boolean(value)))) {
        await access.recordInvolvement(
          licensed,
          {
            personId: subject.personId,
            kind: 'agency_involved',
            agencyId,
            sourceType: 'referral',
            sourceId: id,
            reason: 'Made a referral',
          },
          tx,
        );
      }
    }
    await recordAuditEvent(tx, actor, clock, {
      action: 'referral.received',
      subjectType: 'referral',
      subjectId: id,
      details: {
        kind: input.kind,
        subjects: input.subjects.map((subject) => subject.personId),
        receivingTeamId: receivingTeamId ?? null,
        contactId: options.contactId ?? null,
        fromDraft: options.draftId !== undefined,
        immediateDanger: input.kind === 'child' ? input.immediateDanger : null,
        advocacyNeeded,
      },
    });
    const what = input.kind === 'child' ? 'Request for Help' : 'Adult safeguarding concern';
    await chronology.recordFromModule(tx, actor, {
      originType: 'referral',
      originId: id,
      occurredAt: now,
      category: 'referral',
      summary: `${what} received from ${input.referrerOrganisation}${input.kind === 'child' && input.immediateDanger ? ' (immediate danger reported)' : ''}`,
      significance: 'high',
      personIds: input.subjects.map((subject) => subject.personId),
    });
    return referral;
  }

  async function loadReferral(executor: Db | Tx, actor: Actor, row: repository.ReferralRow): Promise<Referral> {
    const now = clock.now();
    const [subjects, allIds, routes, onward, s42] = await Promise.all([
      repository.visibleSubjects(executor, actor, now, row.id),
      repository.subjectPersonIds(executor, [row.id]),
      repository.routesOf(executor, row.id),
      repository.onwardWorkOf(executor, [row.id]),
      repository.findS42Decision(executor, row.id),
    ]);
    return assembleReferral(row, { subjects, allIds: allIds.get(row.id) ?? [], routes, onward, s42 });
  }

  function assembleReferral(
    row: repository.ReferralRow,
    parts: {
      subjects: Awaited<ReturnType<typeof repository.visibleSubjects>>;
      allIds: string[];
      routes: Awaited<ReturnType<typeof repository.routesOf>>;
      onward: Awaited<ReturnType<typeof repository.onwardWorkOf>>;
      s42: Awaited<ReturnType<typeof repository.findS42Decision>>;
    },
  ): Referral {
    const { subjects, routes, onward, s42 } = parts;
    return {
      ...repository.toSummary(row, parts.allIds),
      referrerAgencyId: row.referrer_agency_id,
      referrerName: row.referrer_name,
      referrerOrganisation: row.referrer_organisation,
      referrerPhone: row.referrer_phone,
      referrerEmail: row.referrer_email,
      contactId: row.contact_id,
      concern: row.concern,
      immediateDanger: row.immediate_danger,
      parentConsent: row.parent_consent as Consent | null,
      withoutConsentReason: row.without_consent_reason,
      viewsOfChild: row.views_of_child,
      viewsOfParents: row.views_of_parents,
      helpInPlace: row.help_in_place,
      earlyHelpPlanOpen: row.early_help_plan_open,
      viewsAndOutcomes: row.views_and_outcomes,
      abuseCategories: row.abuse_categories as AbuseCategory[],
      mentalCapacityConcern: row.mental_capacity_concern,
      mentalCapacityDetail: row.mental_capacity_detail,
      substantialDifficulty: row.substantial_difficulty,
      appropriatePerson: row.appropriate_person,
      advocacyNeeded: row.advocacy_needed,
      advocateArrangedAt: row.advocate_arranged_at,
      ratedAt: row.rated_at,
      ratingRationale: row.rating_rationale,
      needsMash: row.needs_mash,
      decisionRationale: row.decision_rationale,
      decidedLate: row.decided_late,
      subjects: subjects.map((subject) => ({
        personId: subject.person_id,
        name: `${subject.given_name} ${subject.family_name}`,
        dateOfBirth: subject.date_of_birth,
        role: subject.role as SubjectRole,
        consent: subject.consent as Consent | null,
      })),
      routes: inChainOrder(routes).map((route) => ({
        id: route.id,
        route: route.route as Route,
        previousRoute: route.previous_route as Route | null,
        rationale: route.rationale,
        routedAt: route.routed_at,
        routedByLabel: route.routed_by_name,
        origin: route.origin,
      })),
      onwardWork: onward.map(toOnward),
      s42Decision: s42
        ? {
            careAndSupportNeeds: s42.care_and_support_needs,
            experiencingOrAtRisk: s42.experiencing_or_at_risk,
            unableToProtect: s42.unable_to_protect,
            outcome: s42.outcome as 'enquiry' | 'no_enquiry',
            rationale: s42.rationale,
            dueAt: s42.due_at,
            decidedAt: s42.decided_at,
          }
        : null,
      draftData: row.status === 'draft' ? ((row.draft_data as Record<string, unknown> | null) ?? {}) : null,
      createdAt: row.created_at,
      createdBy: row.created_by,
    };
  }

  function toOnward(row: Awaited<ReturnType<typeof repository.onwardWorkOf>>[number]) {
    return {
      id: row.id,
      referralId: row.referral_id,
      kind: row.kind as OnwardKind,
      teamId: row.team_id,
      leadProfessional: row.lead_professional,
      startedAt: row.started_at,
      dueAt: row.due_at,
      status: row.status as 'open' | 'completed' | 'cancelled',
    };
  }

  function requireMaker(actor: Actor) {
    if (!canMakeReferrals(actor)) {
      throw new AppError(ErrorCode.FORBIDDEN, 'Your role cannot make referrals');
    }
  }

  /** A double-submitted form or a retried request returns the referral its token already made. */
  async function alreadyMade(actor: Actor, formToken: string | undefined): Promise<Referral | undefined> {
    if (!formToken || !actor.userId) {
      return undefined;
    }
    const id = await repository.findByFormToken(db, actor.userId, formToken);
    return id ? service.getReferral(actor, id) : undefined;
  }

  async function receiveOnce(actor: Actor, input: ParsedReferralInput, options: { draftId?: string; contactId?: string }) {
    const existing = await alreadyMade(actor, input.formToken);
    if (existing) {
      return existing;
    }
    try {
      // The writer gets back what they wrote from its own transaction: not a second, separately audited read.
      return await withTransaction(db, (tx) => receive(tx, actor, input, options));
    } catch (error) {
      // Two submissions of one form raced: the loser finds the winner's referral.
      if (String((error as { message?: unknown }).message ?? '').includes('referral_form_token')) {
        const winner = await alreadyMade(actor, input.formToken);
        if (winner) {
          return winner;
        }
      }
      throw error;
    }
  }

  const service = {
    /** A children's Request for Help or an adult safeguarding concern, received now. */
    async createReferral(actor: Actor, rawInput: CreateReferralInput): Promise<Referral> {
      requireMaker(actor);
      const input = parseInput(CreateReferralInput, rawInput);
      return receiveOnce(actor, input, {});
    },

    /** Keeps a half-written referral for its writer to finish later; nothing in it is checked yet. */
    async saveDraft(actor: Actor, rawInput: SaveDraftInput, draftId?: string): Promise<Referral> {
      requireMaker(actor);
      const input = parseInput(SaveDraftInput, rawInput);
      const now = clock.now();
      const id = await withTransaction(db, async (tx) => {
        if (draftId) {
          const row = await requireVisible(tx, actor, draftId, true);
          if (row.status !== 'draft') {
            throw new AppError(ErrorCode.INVALID_TRANSITION, 'This referral has already been submitted');
          }
          await repository.updateReferral(tx, draftId, { kind: input.kind, draft_data: JSON.stringify(input.data) }, now);
          await recordAuditEvent(tx, actor, clock, {
            action: 'referral.draft-saved',
            subjectType: 'referral',
            subjectId: draftId,
            details: {},
          });
          return draftId;
        }
        const newDraft = newId();
        await repository.insertReferral(tx, {
          id: newDraft,
          partnership_id: actor.partnershipId as string,
          kind: input.kind,
          status: 'draft',
          draft_data: JSON.stringify(input.data),
          created_by: actor.userId,
          created_at: now,
          updated_at: now,
        });
        await recordAuditEvent(tx, actor, clock, {
          action: 'referral.draft-saved',
          subjectType: 'referral',
          subjectId: newDraft,
          details: {},
        });
        return newDraft;
      });
      return service.getReferral(actor, id);
    },

    /** Submits a draft: the same checks as a new referral; the draft becomes the received referral. */
    async submitDraft(actor: Actor, draftId: string, rawInput: CreateReferralInput): Promise<Referral> {
      requireMaker(actor);
      const input = parseInput(CreateReferralInput, rawInput);
      const existing = await alreadyMade(actor, input.formToken);
      if (existing) {
        return existing;
      }
      return withTransaction(db, async (tx) => {
        const row = await requireVisible(tx, actor, draftId, true);
        if (row.status !== 'draft') {
          throw new AppError(ErrorCode.INVALID_TRANSITION, 'This referral has already been submitted');
        }
        return receive(tx, actor, input, { draftId });
      });
    },

    /** One referral the actor may see, with its people, routes and onward work; the read is audited. */
    async getReferral(actor: Actor, id: string): Promise<Referral> {
      return withTransaction(db, async (tx) => {
        const row = await requireVisible(tx, actor, id);
        const referral = await loadReferral(tx, actor, row);
        await recordAuditEvent(tx, actor, clock, { action: 'referral.viewed', subjectType: 'referral', subjectId: id, details: {} });
        return referral;
      });
    },

    /** Referrals the actor may see, newest first, with the people on each they may see. */
    async listReferrals(actor: Actor, rawFilter: ReferralFilter = {}): Promise<ReferralListItem[]> {
      const filter = parseInput(ReferralFilter, rawFilter);
      return withTransaction(db, async (tx) => {
        const now = clock.now();
        const rows = await repository.listVisibleReferrals(tx, actor, now, filter);
        const ids = await repository.subjectPersonIds(
          tx,
          rows.map((row) => row.id),
        );
        const items: ReferralListItem[] = [];
        for (const row of rows) {
          const subjects = await repository.visibleSubjects(tx, actor, now, row.id);
          const late = row.decided_late === true || (row.status !== 'decided' && row.decision_due_at !== null && row.decision_due_at < now);
          items.push({
            ...repository.toSummary(row, ids.get(row.id) ?? []),
            subjects: subjects.map((subject) => ({ personId: subject.person_id, name: `${subject.given_name} ${subject.family_name}` })),
            referrerOrganisation: row.referrer_organisation,
            immediateDanger: row.immediate_danger,
            advocacyNeeded: row.advocacy_needed && row.advocate_arranged_at === null,
            decisionLate: late,
          });
        }
        await recordAuditEvent(tx, actor, clock, {
          action: 'referral.listed',
          subjectType: 'referral',
          subjectId: 'list',
          details: { referrals: rows.map((row) => row.id) },
        });
        return items;
      });
    },

    /** MASH triage: the BRAG rating, its response target from the partnership's clocks, and whether MASH is needed. */
    async rateReferral(actor: Actor, id: string, rawInput: RateReferralInput): Promise<Referral> {
      if (!canTriageReferrals(actor)) {
        throw new AppError(ErrorCode.FORBIDDEN, 'Only a MASH officer or team manager can rate a referral');
      }
      const input = parseInput(RateReferralInput, rawInput);
      await withTransaction(db, async (tx) => {
        const row = await requireVisible(tx, actor, id, true);
        requireMove(
          row.kind as ReferralKind,
          row.status as ReferralStatus,
          row.status === 'information_gathering' ? 'information_gathering' : 'rated',
        );
        const now = clock.now();
        const { working, clocks } = await clocksFor(tx, row.partnership_id);
        const spec = clocks.triage[input.rating];
        const ratingDueAt = working.due(row.received_at as Date, spec);
        await repository.updateReferral(
          tx,
          id,
          {
            status: row.status === 'information_gathering' ? 'information_gathering' : 'rated',
            rating: input.rating,
            rating_due_at: ratingDueAt,
            rated_at: now,
            rated_by: actor.userId,
            rating_rationale: input.rationale,
            needs_mash: input.needsMash,
          },
          now,
        );
        await close(tx, actor, id, 'referral_triage', `rated ${input.rating}`);
        const firstSubject = (await repository.subjectPersonIds(tx, [id])).get(id)?.[0] ?? null;
        const dueAt = new Date(Math.min(ratingDueAt.getTime(), (row.decision_due_at ?? ratingDueAt).getTime()));
        // A re-rating moves the open decision item's clock: close it and open it again with the new target.
        await close(tx, actor, id, 'referral_decision', 're-rated');
        await open(tx, row, firstSubject, {
          kind: 'referral_decision',
          title: input.rating === 'red' ? 'Decide on referral: red' : 'Decide on referral',
          dueAt,
          clockLabel: `${input.rating} rating: ${describeClock(spec)} from receipt`,
        });
        const ratingNumber = row.rated_at ? row.version : 1;
        await recordAuditEvent(tx, actor, clock, {
          action: 'referral.rated',
          subjectType: 'referral',
          subjectId: id,
          details: { rating: input.rating, needsMash: input.needsMash, previousRating: row.rating },
        });
        await chronology.recordFromModule(tx, actor, {
          originType: 'referral.rating',
          originId: `${id}:${ratingNumber}`,
          occurredAt: now,
          category: 'decision',
          summary: `Referral rated ${input.rating}${input.needsMash ? '; more than one professional opinion needed (MASH)' : ''}`,
          significance: input.rating === 'red' ? 'high' : 'medium',
          personIds: (await repository.subjectPersonIds(tx, [id])).get(id) ?? [],
        });
      });
      return service.getReferral(actor, id);
    },

    /**
     * The decision on a referral, with its rationale, by a MASH officer or team manager. The route
     * starts its next piece of work on its own clock; a decision after the 1-working-day target is
     * recorded as late.
     */
    async decideReferral(actor: Actor, id: string, rawInput: DecideReferralInput): Promise<Referral> {
      if (!canDecideReferrals(actor)) {
        throw new AppError(ErrorCode.FORBIDDEN, 'Only a MASH officer or team manager can decide on a referral');
      }
      const input = parseInput(DecideReferralInput, rawInput);
      await withTransaction(db, async (tx) => {
        const row = await requireVisible(tx, actor, id, true);
        const kind = row.kind as ReferralKind;
        requireMove(kind, row.status as ReferralStatus, 'decided');
        requireDecisionRoute(kind, input.route);
        if (input.route === 'early_help_assessment' && !input.leadProfessional) {
          throw invalid([{ field: 'leadProfessional', message: 'Name the lead professional for the early help assessment' }]);
        }
        if (input.s42 && input.route !== 's42_decision') {
          throw invalid([{ field: 's42', message: 'The section 42 tests are recorded only with a section 42 decision' }]);
        }
        if (input.s42) {
          checkS42(input.s42);
        }
        const now = clock.now();
        const { working, clocks } = await clocksFor(tx, row.partnership_id);
        const receivedAt = row.received_at as Date;
        const late = row.decision_due_at !== null && now > row.decision_due_at;
        const personIds = (await repository.subjectPersonIds(tx, [id])).get(id) ?? [];
        const firstSubject = personIds[0] ?? null;
        await repository.updateReferral(
          tx,
          id,
          {
            status: 'decided',
            decision_route: input.route,
            route: input.route,
            decided_at: now,
            decided_by: actor.userId,
            decision_rationale: input.rationale,
            decided_late: late,
            advocate_arranged_at: input.advocateArranged ? now : row.advocate_arranged_at,
          },
          now,
        );
        const routeId = newId();
        await repository.insertRoute(tx, {
          id: routeId,
          referralId: id,
          route: input.route,
          previousRoute: null,
          rationale: input.rationale,
          routedAt: now,
          routedBy: actor.userId,
          origin: 'decision',
        });
        await close(tx, actor, id, 'referral_triage', 'decided');
        await close(tx, actor, id, 'referral_decision', input.route);
        const onward = async (kindOf: OnwardKind & WorkKind, title: string, spec: ClockSpec, from: Date, fromLabel: string) => {
          const dueAt = working.due(from, spec);
          await repository.insertOnwardWork(tx, {
            id: newId(),
            partnershipId: row.partnership_id,
            referralId: id,
            kind: kindOf,
            teamId: row.receiving_team_id,
            leadProfessional: input.leadProfessional ?? null,
            startedAt: now,
            dueAt,
            createdBy: actor.userId,
          });
          await open(tx, row, firstSubject, { kind: kindOf, title, dueAt, clockLabel: `${describeClock(spec)} from ${fromLabel}` });
        };
        if (input.route === 'early_help_assessment') {
          await onward('early_help_assessment', 'Early help assessment', clocks.earlyHelpAssessment, now, 'the decision');
        } else if (input.route === 'child_and_family_assessment') {
          await onward(
            'child_and_family_assessment',
            'Child and family assessment',
            clocks.childAndFamilyAssessment,
            receivedAt,
            'referral',
          );
        } else if (input.route === 'strategy_discussion') {
          // The strategy module closes this item when the discussion is held (reference: this referral).
          const spec = kind === 'child' ? clocks.strategyChild : clocks.strategyAdult;
          await open(tx, row, firstSubject, {
            kind: 'strategy_discussion',
            title: 'Hold strategy discussion',
            // The same clock the strategy record is judged by: from the referral's receipt, as the audit asks.
            dueAt: working.due(receivedAt, spec),
            clockLabel: `${describeClock(spec)} from receipt of the referral`,
          });
        } else if (input.route === 's42_decision') {
          const dueAt = working.due(receivedAt, clocks.s42Decision);
          if (input.s42) {
            await recordS42(tx, actor, row, { ...input.s42, rationale: input.rationale }, dueAt, personIds);
          } else {
            await open(tx, row, firstSubject, {
              kind: 's42_decision',
              title: 'Section 42 decision',
              dueAt,
              clockLabel: `${describeClock(clocks.s42Decision)} from the concern`,
            });
          }
        }
        if (kind === 'adult' && row.advocacy_needed && !input.advocateArranged && !row.advocate_arranged_at) {
          // Care Act s68: substantial difficulty and no appropriate person, so an independent advocate must be arranged.
          await onward(
            'advocacy',
            'Arrange an independent advocate',
            { unit: 'working_days', amount: 1 } as ClockSpec,
            now,
            'the decision',
          );
        }
        await recordAuditEvent(tx, actor, clock, {
          action: 'referral.decided',
          subjectType: 'referral',
          subjectId: id,
          details: { route: input.route, late, routeId, rating: row.rating, s42: input.s42?.outcome ?? null },
        });
        await chronology.recordFromModule(tx, actor, {
          originType: 'referral.decision',
          originId: id,
          occurredAt: now,
          category: 'decision',
          summary: `Referral decided: ${ROUTE_LABELS[input.route].toLowerCase()}${late ? ' (decided after the 1 working day target)' : ''}`,
          significance: 'high',
          personIds,
        });
      });
      return service.getReferral(actor, id);
    },

    /** The section 42 decision on an adult concern routed to one: each of the three tests, and the outcome. */
    async recordS42Decision(actor: Actor, id: string, rawInput: RecordS42DecisionInput): Promise<Referral> {
      if (!canDecideReferrals(actor)) {
        throw new AppError(ErrorCode.FORBIDDEN, 'Only a MASH officer or team manager can make a section 42 decision');
      }
      const input = parseInput(RecordS42DecisionInput, rawInput);
      checkS42(input);
      await withTransaction(db, async (tx) => {
        const row = await requireVisible(tx, actor, id, true);
        if (row.kind !== 'adult' || row.route !== 's42_decision') {
          throw new AppError(ErrorCode.INVALID_TRANSITION, 'Decide to route the concern to a section 42 decision first');
        }
        if (await repository.findS42Decision(tx, id)) {
          throw new AppError(ErrorCode.CONFLICT, 'The section 42 decision has already been recorded');
        }
        const { working, clocks } = await clocksFor(tx, row.partnership_id);
        const personIds = (await repository.subjectPersonIds(tx, [id])).get(id) ?? [];
        await recordS42(tx, actor, row, input, working.due(row.received_at as Date, clocks.s42Decision), personIds);
      });
      return service.getReferral(actor, id);
    },

    /** The advocacy duty is met: an independent advocate has been arranged. */
    async recordAdvocateArranged(actor: Actor, id: string): Promise<Referral> {
      if (!canDecideReferrals(actor)) {
        throw new AppError(ErrorCode.FORBIDDEN, 'Only a MASH officer or team manager can record this');
      }
      await withTransaction(db, async (tx) => {
        const row = await requireVisible(tx, actor, id, true);
        if (!row.advocacy_needed || row.advocate_arranged_at) {
          throw new AppError(ErrorCode.INVALID_TRANSITION, 'No advocate is waiting to be arranged for this concern');
        }
        const now = clock.now();
        await repository.updateReferral(tx, id, { advocate_arranged_at: now }, now);
        await repository.completeOnwardWork(tx, id, 'advocacy', 'advocate arranged', now);
        await close(tx, actor, id, 'advocacy', 'advocate arranged');
        await recordAuditEvent(tx, actor, clock, {
          action: 'referral.advocate-arranged',
          subjectType: 'referral',
          subjectId: id,
          details: {},
        });
      });
      return service.getReferral(actor, id);
    },

    /** A notification from a partner system; it waits at the front door until a MASH officer acts on it. */
    async createContact(actor: Actor, rawInput: CreateContactInput): Promise<Contact> {
      if (!canSendContacts(actor)) {
        throw new AppError(ErrorCode.FORBIDDEN, 'Your role cannot send contacts to the front door');
      }
      const input = parseInput(CreateContactInput, rawInput);
      const partnershipId = actor.partnershipId as string;
      const id = newId();
      await withTransaction(db, async (tx) => {
        const ids = input.subjects.flatMap((subject) => (subject.personId ? [subject.personId] : []));
        const found = new Set((await repository.peopleForReferral(tx, actor, clock.now(), ids, partnershipId)).map((p) => p.id));
        const errors = input.subjects.flatMap((subject, index) =>
          subject.personId && !found.has(subject.personId)
            ? [
                {
                  field: `subjects.${index}.personId`,
                  message: `Person ${index + 1} is not a record you can link (leave the id out and give their name)`,
                },
              ]
            : [],
        );
        if (errors.length > 0) {
          throw invalid(errors);
        }
        const now = clock.now();
        try {
          await repository.insertContact(
            tx,
            {
              id,
              partnership_id: partnershipId,
              source_agency_id: actor.agencyId as string,
              kind: input.kind,
              received_at: now,
              occurred_at: input.occurredAt ?? null,
              reported_by: input.reportedBy,
              source_reference: input.sourceReference ?? null,
              summary: input.summary,
              status: 'open',
              referral_id: null,
              created_by: actor.userId,
              created_at: now,
            },
            input.subjects.map((subject) => ({
              personId: subject.personId ?? null,
              name: subject.name,
              dateOfBirth: subject.dateOfBirth ?? null,
              role: subject.role,
            })),
          );
        } catch (error) {
          if (String((error as { message?: unknown }).message ?? '').includes('contact_source_reference')) {
            throw new AppError(ErrorCode.CONFLICT, 'A contact with this reference has already been sent by your agency');
          }
          throw error;
        }
        await recordAuditEvent(tx, actor, clock, {
          action: 'contact.received',
          subjectType: 'contact',
          subjectId: id,
          details: { kind: input.kind, linkedPeople: ids },
        });
      });
      return service.getContact(actor, id);
    },

    async getContact(actor: Actor, id: string): Promise<Contact> {
      const [contact] = await contactsOf(await repository.findVisibleContact(db, actor, id).then((row) => (row ? [row] : [])));
      if (!contact) {
        throw notFound();
      }
      return contact;
    },

    /** Contacts waiting at the front door (open by default). */
    async listContacts(actor: Actor, filter: { status?: 'open' | 'referred' | 'closed' | undefined } = {}): Promise<Contact[]> {
      return contactsOf(await repository.listVisibleContacts(db, actor, filter.status ?? 'open', 200));
    },

    /** A MASH officer turns a partner contact into a referral: the same checks, linked to the contact. */
    async createReferralFromContact(actor: Actor, contactId: string, rawInput: CreateReferralInput): Promise<Referral> {
      if (!canTriageReferrals(actor)) {
        throw new AppError(ErrorCode.FORBIDDEN, 'Only a MASH officer or team manager can turn a contact into a referral');
      }
      const input = parseInput(CreateReferralInput, rawInput);
      const existing = await alreadyMade(actor, input.formToken);
      if (existing) {
        return existing;
      }
      return withTransaction(db, async (tx) => {
        const contact = await repository.findVisibleContact(tx, actor, contactId, { forUpdate: true });
        if (!contact) {
          throw notFound();
        }
        if (contact.status !== 'open') {
          throw new AppError(ErrorCode.CONFLICT, 'This contact has already been turned into a referral or closed');
        }
        const referral = await receive(tx, actor, input, { contactId, referrerAgencyId: contact.source_agency_id });
        await repository.markContactReferred(tx, contactId, referral.id);
        return referral;
      });
    },

    /**
     * Who else is in each person's household and what came before, for the top of triage. Each part is
     * read through its own module, with its own access rule and audit; people the reader may not open
     * are shown by age only.
     */
    async getTriageContext(actor: Actor, id: string): Promise<TriageContext> {
      const referral = await service.getReferral(actor, id);
      const now = clock.now();
      const visibleIds = referral.subjects.map((subject) => subject.personId);
      const onReferral = new Set(referral.subjectPersonIds);
      const householdMembers: TriageContext['householdMembers'] = [];
      const involvements: TriageContext['involvements'] = [];
      const moves: TriageContext['moves'] = [];
      const chronologyEntries = new Map<string, TriageContext['recentChronology'][number]>();
      const today = ukDateOf(now);
      const yearAgo = `${Number(today.slice(0, 4)) - 1}${today.slice(4)}`;
      for (const subject of referral.subjects) {
        const listed = new Set<string>();
        for (const household of await relationships.getHouseholds(actor, subject.personId)) {
          const current = household.members.filter((member) => member.isCurrent);
          if (!current.some((member) => member.person.id === subject.personId)) {
            continue;
          }
          for (const member of current) {
            const key = member.person.id ?? `${household.id}:${member.id}`;
            if (member.person.id === subject.personId || listed.has(key)) {
              continue;
            }
            listed.add(key);
            householdMembers.push({
              subjectPersonId: subject.personId,
              householdLabel: household.label,
              person: { id: member.person.id, name: member.person.name, age: member.person.age, canOpen: member.person.canOpen },
              roleLabel: member.roleLabel,
              isChild: member.person.age !== null && member.person.age < 18,
              onReferral: member.person.id !== null && onReferral.has(member.person.id),
            });
          }
        }
        for (const involvement of await relationships.listInvolvements(actor, subject.personId)) {
          if (involvement.isCurrent) {
            involvements.push({
              personId: subject.personId,
              kindLabel: involvement.kindLabel,
              agencyName: involvement.agencyName,
              teamName: involvement.teamName,
              workerName: involvement.workerName,
            });
          }
        }
        const page = await chronology.personChronology(actor, subject.personId, { pageSize: 10 });
        for (const entry of page.entries) {
          chronologyEntries.set(entry.id, {
            id: entry.id,
            occurredAt: entry.occurredAt,
            summary: entry.summary,
            sourceAgencyName: entry.sourceAgencyName,
            category: entry.category,
          });
        }
        moves.push(...movesOf(subject.personId, (await people.getPersonDetails(actor, subject.personId, 'triage')).addresses, yearAgo));
      }
      // Earlier referrals about anyone in the household count: the Family D review found the other
      // children "were not considered", and a sibling's referral last spring is this family's history.
      const familyIds = [
        ...new Set([...visibleIds, ...householdMembers.flatMap((member) => (member.person.id ? [member.person.id] : []))]),
      ];
      const previous = await repository.previousReferrals(db, actor, now, familyIds, id);
      const byReferral = new Map<string, TriageContext['previousReferrals'][number]>();
      const receivedAt = referral.receivedAt ?? now;
      const windowStart = new Date(receivedAt);
      windowStart.setUTCMonth(windowStart.getUTCMonth() - REREFERRAL_MONTHS);
      for (const row of previous) {
        const existing = byReferral.get(row.id);
        if (existing) {
          existing.personIds.push(row.person_id);
          continue;
        }
        byReferral.set(row.id, {
          id: row.id,
          kind: row.kind as ReferralKind,
          receivedAt: row.received_at,
          rating: row.rating as Rating | null,
          route: row.route as Route | null,
          status: row.status as ReferralStatus,
          personIds: [row.person_id],
          withinRereferralWindow: row.received_at !== null && row.received_at >= windowStart && row.received_at < receivedAt,
        });
      }
      const previousReferrals = [...byReferral.values()];
      const onward = await repository.onwardWorkOf(db, [id, ...previousReferrals.map((item) => item.id)]);
      await withTransaction(db, (tx) =>
        recordAuditEvent(tx, actor, clock, {
          action: 'referral.triage-context-viewed',
          subjectType: 'referral',
          subjectId: id,
          details: { previousReferrals: previousReferrals.map((item) => item.id), householdMembers: householdMembers.length },
        }),
      );
      return {
        householdMembers,
        previousReferrals,
        isRereferral: previousReferrals.some((item) => item.withinRereferralWindow),
        onwardWork: onward.map((row) => ({ ...toOnward(row), current: row.status === 'open' })),
        involvements,
        recentChronology: [...chronologyEntries.values()].sort((a, b) => b.occurredAt.getTime() - a.occurredAt.getTime()).slice(0, 10),
        moves,
      };
    },

    /** The state of one referral for the API; NOT_FOUND when it is not visible. */
    async getReferralSummary(actor: Actor, id: string): Promise<ReferralSummary> {
      return service.getForModule(db, actor, id);
    },

    /** What other modules need of a referral the actor may see; NOT_FOUND otherwise. */
    async getForModule(executor: Db | Tx, actor: Actor, id: string): Promise<ReferralSummary> {
      const row = await requireVisible(executor, actor, id);
      const subjects = await repository.subjectPersonIds(executor, [id]);
      return repository.toSummary(row, subjects.get(id) ?? []);
    },

    /**
     * Moves a referral to information gathering when the first request goes to a MASH partner (the
     * information-sharing module calls this in its own transaction). A no-op if it is already there.
     */
    async startInformationGatheringFromModule(tx: Tx, actor: Actor, referralId: string): Promise<ReferralSummary> {
      const row = await requireVisible(tx, actor, referralId, true);
      const status = row.status as ReferralStatus;
      if (status !== 'information_gathering') {
        requireMove(row.kind as ReferralKind, status, 'information_gathering');
        await repository.updateReferral(tx, referralId, { status: 'information_gathering' }, clock.now());
        await recordAuditEvent(tx, actor, clock, {
          action: 'referral.information-gathering',
          subjectType: 'referral',
          subjectId: referralId,
          details: { from: status },
        });
      }
      return service.getForModule(tx, actor, referralId);
    },

    /**
     * Records a later step on a decided referral (a strategy discussion starting a section 47 enquiry,
     * an s42 enquiry) in the caller's transaction: transition-checked, audited and in the chronology.
     */
    async recordRouteFromModule(tx: Tx, actor: Actor, referralId: string, step: ModuleRoute): Promise<ReferralSummary> {
      const row = await requireVisible(tx, actor, referralId, true);
      const kind = row.kind as ReferralKind;
      if (row.status !== 'decided') {
        throw new AppError(ErrorCode.INVALID_TRANSITION, 'Decide on the referral before taking a further step');
      }
      const current = row.route as Route | null;
      requireNextRoute(kind, current, step.route);
      if (step.route === 's42_enquiry' && current === 's42_decision') {
        const decision = await repository.findS42Decision(tx, referralId);
        if (decision?.outcome !== 'enquiry') {
          throw new AppError(
            ErrorCode.INVALID_TRANSITION,
            'A section 42 enquiry needs all three tests met: care and support needs, abuse or neglect, and unable to protect themselves',
          );
        }
      }
      await routeOnward(tx, actor, row, step, 'module');
      return service.getForModule(tx, actor, referralId);
    },
  };

  async function contactsOf(rows: Awaited<ReturnType<typeof repository.listVisibleContacts>>): Promise<Contact[]> {
    const subjects = await repository.contactSubjects(
      db,
      rows.map((row) => row.id),
    );
    const names = new Map<string, string | null>();
    for (const row of rows) {
      if (!names.has(row.source_agency_id)) {
        names.set(row.source_agency_id, (await repository.agencyName(db, row.source_agency_id)) ?? null);
      }
    }
    return rows.map((row) => ({
      id: row.id,
      kind: row.kind as Contact['kind'],
      sourceAgencyId: row.source_agency_id,
      sourceAgencyName: names.get(row.source_agency_id) ?? null,
      receivedAt: row.received_at,
      occurredAt: row.occurred_at,
      reportedBy: row.reported_by,
      sourceReference: row.source_reference,
      summary: row.summary,
      status: row.status as Contact['status'],
      referralId: row.referral_id,
      subjects: subjects
        .filter((subject) => subject.contact_id === row.id)
        .map((subject) => ({
          personId: subject.person_id,
          name: subject.name,
          dateOfBirth: subject.date_of_birth,
          role: subject.role as SubjectRole,
        })),
    }));
  }

  /** The three statutory tests decide the outcome: an enquiry only when all three are met. */
  function checkS42(tests: { careAndSupportNeeds: boolean; experiencingOrAtRisk: boolean; unableToProtect: boolean; outcome: string }) {
    if (tests.outcome === 'enquiry' && !(tests.careAndSupportNeeds && tests.experiencingOrAtRisk && tests.unableToProtect)) {
      throw new AppError(
        ErrorCode.INVALID_TRANSITION,
        'A section 42 enquiry needs all three tests met: care and support needs, abuse or neglect, and unable to protect themselves',
        [{ field: 'outcome', message: 'Choose “no enquiry” or correct the tests: an enquiry needs all three to be met' }],
      );
    }
  }

  async function recordS42(
    tx: Tx,
    actor: Actor,
    row: repository.ReferralRow,
    input: {
      careAndSupportNeeds: boolean;
      experiencingOrAtRisk: boolean;
      unableToProtect: boolean;
      outcome: 'enquiry' | 'no_enquiry';
      rationale: string;
    },
    dueAt: Date,
    personIds: string[],
  ) {
    const now = clock.now();
    await repository.insertS42Decision(tx, { referralId: row.id, ...input, dueAt, decidedAt: now, decidedBy: actor.userId });
    await close(tx, actor, row.id, 's42_decision', input.outcome);
    await recordAuditEvent(tx, actor, clock, {
      action: 'referral.s42-decided',
      subjectType: 'referral',
      subjectId: row.id,
      details: {
        careAndSupportNeeds: input.careAndSupportNeeds,
        experiencingOrAtRisk: input.experiencingOrAtRisk,
        unableToProtect: input.unableToProtect,
        outcome: input.outcome,
      },
    });
    await chronology.recordFromModule(tx, actor, {
      originType: 'referral.s42-decision',
      originId: row.id,
      occurredAt: now,
      category: 'decision',
      summary: input.outcome === 'enquiry' ? 'Section 42 decision: enquiry to be made' : 'Section 42 decision: no enquiry',
      significance: 'high',
      personIds,
    });
    if (input.outcome === 'enquiry') {
      const { working, clocks } = await clocksFor(tx, row.partnership_id);
      await routeOnward(
        tx,
        actor,
        { ...row, route: 's42_decision' },
        {
          route: 's42_enquiry',
          rationale: input.rationale,
          at: now,
          onward: { kind: 's42_enquiry', dueAt: working.due(now, clocks.s42Enquiry) },
        },
        's42_decision',
      );
      await open(tx, row, personIds[0] ?? null, {
        kind: 's42_enquiry',
        title: 'Section 42 enquiry',
        dueAt: working.due(now, clocks.s42Enquiry),
        clockLabel: `${describeClock(clocks.s42Enquiry)} from the section 42 decision`,
      });
    }
  }

  async function routeOnward(tx: Tx, actor: Actor, row: repository.ReferralRow, step: ModuleRoute, origin: string) {
    const current = row.route as Route | null;
    const routeId = newId();
    await repository.insertRoute(tx, {
      id: routeId,
      referralId: row.id,
      route: step.route,
      previousRoute: current,
      rationale: step.rationale,
      routedAt: step.at,
      routedBy: actor.userId,
      origin,
    });
    await repository.updateReferral(tx, row.id, { route: step.route }, clock.now());
    if (step.onward) {
      await repository.insertOnwardWork(tx, {
        id: newId(),
        partnershipId: row.partnership_id,
        referralId: row.id,
        kind: step.onward.kind,
        teamId: step.onward.teamId ?? row.receiving_team_id,
        leadProfessional: null,
        startedAt: step.at,
        dueAt: step.onward.dueAt,
        createdBy: actor.userId,
      });
    }
    await recordAuditEvent(tx, actor, clock, {
      action: 'referral.routed',
      subjectType: 'referral',
      subjectId: row.id,
      details: { routeId, route: step.route, previousRoute: current },
    });
    const people = (await repository.subjectPersonIds(tx, [row.id])).get(row.id) ?? [];
    await chronology.recordFromModule(tx, actor, {
      originType: 'referral.route',
      originId: routeId,
      occurredAt: step.at,
      category: 'decision',
      summary: `${ROUTE_LABELS[step.route]} started (after ${current ? ROUTE_LABELS[current].toLowerCase() : 'the referral'})`,
      significance: 'high',
      personIds: people,
    });
  }

  return service;
}

export type ReferralsService = ReturnType<typeof createReferralsService>;
