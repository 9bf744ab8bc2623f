import type { Actor } from '../../platform/access/actor.ts';
import { recordAuditEvent } from '../../platform/audit-trail/record-audit-event.ts';
import type { Clock } from '../../platform/clock.ts';
import { type Db, type Tx, withTransaction } from '../../platform/database/transaction.ts';
import { formatDateTime, formatIsoDate, startOfUkDay, ukDateOf } from '../../platform/dates.ts';
import { AppError, ErrorCode, type FieldError, notFound } from '../../platform/errors.ts';
import { newId } from '../../platform/ids.ts';
import { parseInput } from '../../platform/validation.ts';
import type { AccessService } from '../access/index.ts';
import { type CalendarService, describeClock } from '../calendar/index.ts';
import type { ChronologyService } from '../chronology/index.ts';
import type { ReferralSummary, ReferralsService } from '../referrals/index.ts';
import { closeWorkItems, openWorkItem } from '../work/index.ts';
import { canRecordDiscussions, canSeeAuditFigures, canStartEnquiries } from './strategy.policy.ts';
import * as repository from './strategy.repository.ts';
import {
  ActionInput,
  AGENCY_TYPE_LABELS,
  type AgencyType,
  type Attendee,
  AUDIT_QUESTIONS,
  type AuditAnswer,
  type AuditFigures,
  AuditFilter,
  DISCUSSION_KIND_LABELS,
  type DiscussionKind,
  EXPECTED_AGENCIES,
  RecordConferenceInput,
  RecordDiscussionInput,
  type ReferralStrategySummary,
  type Section47Enquiry,
  StartAdultEnquiryInput,
  StartSection47Input,
  type StrategyAction,
  type StrategyDiscussion,
} from './strategy.schema.ts';

/** The team that holds conference clocks unless a caller names another. */
export const CHILD_PROTECTION_TEAM = 'Child Protection Team';

/** Routes on which a strategy discussion may be recorded: the decision for one, or a later discussion after an enquiry began. */
const DISCUSSION_ROUTES = ['strategy_discussion', 'section_47', 's42_enquiry'];

/** The agencies Working Together expects at a strategy discussion that did not attend this one. */
export function missingAgencies(attendees: Pick<Attendee, 'agencyType'>[]): AgencyType[] {
  return EXPECTED_AGENCIES.filter((type) => !attendees.some((attendee) => attendee.agencyType === type));
}

/**
 * The four questions of the adult strategy-discussion audit (Leicestershire and Rutland), answered from
 * the record alone, each with the reason, so the same answers hold for any case and sum to the team figures.
 * "In time" uses the partnership's clock for the referral's kind (adults: 24 hours by default).
 */
export function auditAnswers(
  discussion: Pick<
    StrategyDiscussion,
    | 'heldAt'
    | 'dueAt'
    | 'referralReceivedAt'
    | 'clockLabel'
    | 'attendees'
    | 'immediateRiskConsidered'
    | 'immediateRiskAction'
    | 'viewsEstablished'
    | 'viewsPlan'
  >,
): AuditAnswer[] {
  const hours = Math.round(((discussion.heldAt.getTime() - discussion.referralReceivedAt.getTime()) / 3_600_000) * 10) / 10;
  const onTime = discussion.heldAt.getTime() <= discussion.dueAt.getTime();
  const missing = missingAgencies(discussion.attendees);
  const answers: Record<(typeof AUDIT_QUESTIONS)[number], AuditAnswer> = {
    heldInTime: {
      question: 'heldInTime',
      answer: onTime,
      reason: `Held ${hours} hours after the referral was received; due by ${formatDateTime(discussion.dueAt)} (${discussion.clockLabel})`,
    },
    immediateRisk: {
      question: 'immediateRisk',
      answer: discussion.immediateRiskConsidered && discussion.immediateRiskAction !== null,
      reason: discussion.immediateRiskConsidered
        ? `Immediate risk considered; action recorded: ${discussion.immediateRiskAction ?? 'none'}`
        : 'Immediate risk was not considered',
    },
    agenciesInvolved: {
      question: 'agenciesInvolved',
      answer: missing.length === 0,
      reason:
        missing.length === 0
          ? 'Police, local authority and health attended'
          : `Not attended by: ${missing.map((type) => AGENCY_TYPE_LABELS[type].toLowerCase()).join(', ')}`,
    },
    viewsAndWishes: {
      question: 'viewsAndWishes',
      answer: discussion.viewsEstablished || discussion.viewsPlan !== null,
      reason: discussion.viewsEstablished
        ? 'Views and wishes established'
        : discussion.viewsPlan
          ? `Not yet established; plan agreed: ${discussion.viewsPlan}`
          : 'Not established and no plan agreed',
    },
  };
  return AUDIT_QUESTIONS.map((question) => answers[question]);
}

function nextIsoDate(isoDate: string): string {
  const day = new Date(`${isoDate}T12:00:00Z`);
  day.setUTCDate(day.getUTCDate() + 1);
  return day.toISOString().slice(0, 10);
}

export function createStrategyService(
  db: Db,
  clock: Clock,
  deps: { access: AccessService; calendar: CalendarService; chronology: ChronologyService; referrals: ReferralsService },
) {
  const { access, calendar, chronology, referrals } = deps;

  function invalid(fields: FieldError[]): AppError {
    return new AppError(ErrorCode.VALIDATION, 'There is a problem with the information given', fields);
  }

  async function hydrate(executor: Db | Tx, rows: repository.DiscussionRow[]): Promise<StrategyDiscussion[]> {
    const ids = rows.map((row) => row.id);
    const [attendees, actions] = await Promise.all([repository.attendeesOf(executor, ids), repository.actionsOf(executor, ids)]);
    const enquiries = new Map<string, string>();
    for (const referralId of new Set(rows.map((row) => row.referral_id))) {
      const enquiry = await repository.findEnquiryForReferral(executor, referralId);
      if (enquiry) {
        enquiries.set(enquiry.strategy_discussion_id, enquiry.id);
      }
    }
    return rows.map((row) => {
      const base = {
        id: row.id,
        referralId: row.referral_id,
        referralKind: row.referral_kind as 'child' | 'adult',
        referralReceivedAt: row.referral_received_at,
        receivingTeamId: row.receiving_team_id,
        kind: row.kind as DiscussionKind,
        heldAt: row.held_at,
        dueAt: row.due_at,
        clockLabel: row.clock_label,
        onTime: row.held_at.getTime() <= row.due_at.getTime(),
        chair: row.chair,
        attendees: attendees.get(row.id) ?? [],
        immediateRiskConsidered: row.immediate_risk_considered,
        immediateRiskAction: row.immediate_risk_action,
        viewsEstablished: row.views_established,
        viewsNotEstablishedReason: row.views_not_established_reason,
        viewsPlan: row.views_plan,
        harmSuspected: row.harm_suspected,
        outcome: row.outcome,
        actions: actions.get(row.id) ?? [],
        recordedByLabel: row.recorded_by_label,
        recordedAt: row.recorded_at,
        section47EnquiryId: enquiries.get(row.id) ?? null,
      };
      return { ...base, missingAgencies: missingAgencies(base.attendees), auditAnswers: auditAnswers(base) };
    });
  }

  async function requireDiscussion(executor: Db | Tx, actor: Actor, id: string): Promise<StrategyDiscussion> {
    const row = await repository.findVisibleDiscussion(executor, actor, clock.now(), id);
    if (!row) {
      throw notFound();
    }
    return (await hydrate(executor, [row]))[0] as StrategyDiscussion;
  }

  async function toEnquiry(executor: Db | Tx, row: repository.EnquiryRow): Promise<Section47Enquiry> {
    const working = await calendar.load(row.partnership_id, executor);
    const dueOn = ukDateOf(row.icpc_due_at);
    return {
      id: row.id,
      referralId: row.referral_id,
      strategyDiscussionId: row.strategy_discussion_id,
      personIds: row.person_ids,
      startedAt: row.started_at,
      leadSocialWorker: row.lead_social_worker,
      leadUserId: row.lead_user_id,
      teamId: row.team_id,
      icpcDueAt: row.icpc_due_at,
      icpcDueOn: dueOn,
      icpcAnchor: row.icpc_anchor as 'initiating' | 'last',
      icpcWorkingDaysLeft: working.workingDaysBetween(ukDateOf(clock.now()), dueOn),
      icpcHeldAt: row.icpc_held_at,
      icpcOverdue: row.icpc_held_at === null && clock.now().getTime() > row.icpc_due_at.getTime(),
      icpcLate: row.icpc_held_at === null ? null : row.icpc_held_at.getTime() > row.icpc_due_at.getTime(),
      startedByLabel: row.started_by_label,
    };
  }

  /** The referral a discussion may be recorded on: decided for a strategy discussion, or already past one. */
  function requireStrategyRoute(referral: ReferralSummary): Date {
    if (referral.status !== 'decided' || !referral.route || !DISCUSSION_ROUTES.includes(referral.route) || !referral.receivedAt) {
      throw new AppError(
        ErrorCode.INVALID_TRANSITION,
        referral.kind === 'child'
          ? 'A strategy discussion needs a decision on the referral that significant harm is suspected (route: strategy discussion)'
          : 'A strategy discussion needs a decision on the concern that an enquiry may be needed (route: strategy discussion)',
      );
    }
    return referral.receivedAt;
  }

  /**
   * With the conference anchored on the last discussion, a later discussion moves the due date: the
   * enquiry's date changes and its work item is closed and opened again with the new deadline.
   */
  async function moveIcpcForLaterDiscussion(tx: Tx, actor: Actor, referralId: string, heldAt: Date): Promise<void> {
    const enquiry = await repository.findEnquiryForReferral(tx, referralId, { forUpdate: true });
    if (enquiry?.icpc_anchor !== 'last' || enquiry.icpc_held_at !== null) {
      return;
    }
    const [working, clocks] = await Promise.all([calendar.load(enquiry.partnership_id, tx), calendar.clocks(enquiry.partnership_id, tx)]);
    const dueAt = working.due(heldAt, clocks.icpc);
    if (dueAt.getTime() <= enquiry.icpc_due_at.getTime()) {
      return;
    }
    await repository.moveIcpcDue(tx, enquiry.id, dueAt);
    const closed = await closeWorkItems(tx, clock, actor, {
      referenceType: 'section_47_enquiry',
      referenceId: enquiry.id,
      kind: 'icpc',
      outcome: 'Conference date moved by a later strategy discussion',
    });
    await openWorkItem(tx, clock, {
      partnershipId: enquiry.partnership_id,
      kind: 'icpc',
      title: 'Initial child protection conference due',
      personId: enquiry.person_ids[0] ?? null,
      referenceType: 'section_47_enquiry',
      referenceId: enquiry.id,
      teamId: enquiry.team_id,
      holderUserId: closed[0]?.holderUserId ?? enquiry.lead_user_id,
      dueAt,
      clockLabel: `${describeClock(clocks.icpc)} from the last strategy discussion`,
    });
    await recordAuditEvent(tx, actor, clock, {
      action: 'section-47.icpc-moved',
      subjectType: 'section_47_enquiry',
      subjectId: enquiry.id,
      details: { from: enquiry.icpc_due_at.toISOString(), to: dueAt.toISOString() },
    });
  }

  const service = {
    /**
     * Records a strategy discussion or meeting for a referral decided for one. Held before the referral
     * was received or in the future: a clear error and nothing written. Stops the strategy clock.
     */
    async recordDiscussion(actor: Actor, rawInput: RecordDiscussionInput): Promise<StrategyDiscussion> {
      if (!canRecordDiscussions(actor)) {
        throw new AppError(ErrorCode.FORBIDDEN, 'Your role cannot record strategy discussions');
      }
      const input = parseInput(RecordDiscussionInput, rawInput);
      const id = newId();
      return withTransaction(db, async (tx) => {
        const now = clock.now();
        const referral = await referrals.getForModule(tx, actor, input.referralId);
        const receivedAt = requireStrategyRoute(referral);
        if (input.heldAt.getTime() < receivedAt.getTime()) {
          throw invalid([
            {
              field: 'heldAt',
              message: `The discussion is dated before the referral was received (${formatDateTime(receivedAt)}): check the date and time`,
            },
          ]);
        }
        if (input.heldAt.getTime() > now.getTime() + 5 * 60_000) {
          throw invalid([{ field: 'heldAt', message: 'The date and time the discussion was held must be in the past' }]);
        }
        const [working, clocks] = await Promise.all([
          calendar.load(referral.partnershipId, tx),
          calendar.clocks(referral.partnershipId, tx),
        ]);
        const spec = referral.kind === 'child' ? clocks.strategyChild : clocks.strategyAdult;
        const dueAt = working.due(receivedAt, spec);
        await repository.insertDiscussion(
          tx,
          {
            id,
            partnership_id: referral.partnershipId,
            referral_id: referral.id,
            referral_kind: referral.kind,
            referral_received_at: receivedAt,
            receiving_team_id: referral.receivingTeamId,
            kind: input.kind,
            held_at: input.heldAt,
            due_at: dueAt,
            clock_label: `${describeClock(spec)} from receipt of the referral`,
            chair: input.chair,
            immediate_risk_considered: input.immediateRiskConsidered,
            immediate_risk_action: input.immediateRiskAction,
            views_established: input.viewsEstablished,
            views_not_established_reason: input.viewsEstablished ? null : input.viewsNotEstablishedReason,
            views_plan: input.viewsEstablished ? null : input.viewsPlan,
            harm_suspected: input.harmSuspected,
            outcome: input.outcome,
            recorded_by: actor.userId,
            recorded_by_label: actor.displayName,
            recorded_at: now,
          },
          input.attendees.map((attendee, position) => ({
            discussion_id: id,
            position,
            name: attendee.name,
            agency_type: attendee.agencyType,
            agency_name: attendee.agencyName,
            role: attendee.role,
          })),
          input.actions.map((action) => ({
            id: newId(),
            discussion_id: id,
            description: action.description,
            owner_name: action.ownerName,
            owner_agency: action.ownerAgency,
            owner_user_id: action.ownerUserId ?? null,
            due_on: action.dueOn,
            done: false,
            created_by: actor.userId,
            created_at: now,
          })),
        );
        const onTime = input.heldAt.getTime() <= dueAt.getTime();
        await recordAuditEvent(tx, actor, clock, {
          action: 'strategy-discussion.recorded',
          subjectType: 'strategy_discussion',
          subjectId: id,
          details: {
            referralId: referral.id,
            kind: input.kind,
            onTime,
            harmSuspected: input.harmSuspected,
            attendees: input.attendees.length,
            missingAgencies: missingAgencies(input.attendees),
          },
        });
        const finding =
          referral.kind === 'child'
            ? input.harmSuspected
              ? 'significant harm suspected'
              : 'significant harm not suspected'
            : input.harmSuspected
              ? 'an enquiry is needed'
              : 'no enquiry needed';
        await chronology.recordFromModule(tx, actor, {
          originType: 'strategy_discussion',
          originId: id,
          occurredAt: input.heldAt,
          category: 'meeting',
          summary: `${DISCUSSION_KIND_LABELS[input.kind]} held (${onTime ? 'on time' : 'late'}): ${finding}`,
          significance: 'high',
          personIds: referral.subjectPersonIds,
        });
        await closeWorkItems(tx, clock, actor, {
          referenceType: 'referral',
          referenceId: referral.id,
          kind: 'strategy_discussion',
          outcome: onTime ? 'Strategy discussion held on time' : 'Strategy discussion held late',
        });
        await moveIcpcForLaterDiscussion(tx, actor, referral.id, input.heldAt);
        return requireDiscussion(tx, actor, id);
      });
    },

    /** One discussion with its attendees, actions and the four audit answers; NOT_FOUND when not visible. */
    async getDiscussion(actor: Actor, id: string): Promise<StrategyDiscussion> {
      return requireDiscussion(db, actor, id);
    },

    /** A referral's discussions, oldest first; NOT_FOUND when the referral is not visible. */
    async listForReferral(actor: Actor, referralId: string): Promise<StrategyDiscussion[]> {
      await referrals.getForModule(db, actor, referralId);
      return hydrate(db, await repository.listVisibleDiscussionsForReferral(db, actor, clock.now(), referralId));
    },

    async addAction(actor: Actor, discussionId: string, rawInput: ActionInput): Promise<StrategyAction> {
      if (!canRecordDiscussions(actor)) {
        throw new AppError(ErrorCode.FORBIDDEN, 'Your role cannot record strategy discussions');
      }
      const input = parseInput(ActionInput, rawInput);
      const id = newId();
      return withTransaction(db, async (tx) => {
        const discussion = await requireDiscussion(tx, actor, discussionId);
        await repository.insertAction(tx, {
          id,
          discussion_id: discussion.id,
          description: input.description,
          owner_name: input.ownerName,
          owner_agency: input.ownerAgency,
          owner_user_id: input.ownerUserId ?? null,
          due_on: input.dueOn,
          done: false,
          created_by: actor.userId,
          created_at: clock.now(),
        });
        await recordAuditEvent(tx, actor, clock, {
          action: 'strategy-discussion.action-added',
          subjectType: 'strategy_discussion',
          subjectId: discussion.id,
          details: { actionId: id, dueOn: input.dueOn },
        });
        const actions = (await repository.actionsOf(tx, [discussion.id])).get(discussion.id) ?? [];
        return actions.find((action) => action.id === id) as StrategyAction;
      });
    },

    /**
     * Starts a section 47 enquiry from a strategy discussion that found significant harm suspected. The
     * conference is due 15 working days (the partnership's clock) from the discussion that initiated it,
     * or from the last discussion when the partnership anchors there; the Child Protection Team holds it.
     */
    async startSection47(actor: Actor, discussionId: string, rawInput: StartSection47Input = {}): Promise<Section47Enquiry> {
      if (!canStartEnquiries(actor)) {
        throw new AppError(ErrorCode.FORBIDDEN, 'Only a MASH officer or a team manager can start a section 47 enquiry');
      }
      const input = parseInput(StartSection47Input, rawInput);
      const id = newId();
      return withTransaction(db, async (tx) => {
        const now = clock.now();
        const discussion = await requireDiscussion(tx, actor, discussionId);
        const referral = await referrals.getForModule(tx, actor, discussion.referralId);
        if (referral.kind !== 'child') {
          throw new AppError(ErrorCode.INVALID_TRANSITION, 'A section 47 enquiry is for a child; for an adult, start a section 42 enquiry');
        }
        if (!discussion.harmSuspected) {
          throw new AppError(
            ErrorCode.INVALID_TRANSITION,
            'A section 47 enquiry can only start from a strategy discussion that found significant harm suspected',
          );
        }
        if (await repository.findEnquiryForReferral(tx, referral.id)) {
          throw new AppError(ErrorCode.CONFLICT, 'A section 47 enquiry has already been started for this referral');
        }
        const [working, clocks] = await Promise.all([
          calendar.load(referral.partnershipId, tx),
          calendar.clocks(referral.partnershipId, tx),
        ]);
        let anchorAt = discussion.heldAt;
        if (clocks.icpcAnchor === 'last') {
          const all = await repository.listVisibleDiscussionsForReferral(tx, actor, now, referral.id);
          anchorAt = new Date(Math.max(anchorAt.getTime(), ...all.map((row) => row.held_at.getTime())));
        }
        const icpcDueAt = working.due(anchorAt, clocks.icpc);
        let teamId = input.teamId ?? null;
        if (teamId && !(await repository.teamInPartnership(tx, referral.partnershipId, teamId))) {
          throw invalid([{ field: 'teamId', message: 'Select a team in this partnership' }]);
        }
        teamId ??= (await repository.findTeamByName(tx, referral.partnershipId, CHILD_PROTECTION_TEAM)) ?? referral.receivingTeamId;
        if (!teamId) {
          throw new AppError(ErrorCode.CONFIGURATION, `The partnership has no ${CHILD_PROTECTION_TEAM} to hold the conference`);
        }
        const rationale =
          input.rationale ?? `Significant harm suspected at the strategy discussion of ${formatDateTime(discussion.heldAt)}`;
        await referrals.recordRouteFromModule(tx, actor, referral.id, {
          route: 'section_47',
          rationale,
          at: now,
          onward: { kind: 'section_47', dueAt: icpcDueAt, teamId },
        });
        const personIds = referral.subjectPersonIds;
        await repository.insertEnquiry(tx, {
          id,
          partnership_id: referral.partnershipId,
          referral_id: referral.id,
          strategy_discussion_id: discussion.id,
          person_ids: personIds,
          started_at: now,
          lead_social_worker: input.leadSocialWorker,
          lead_user_id: input.leadUserId ?? null,
          team_id: teamId,
          icpc_due_at: icpcDueAt,
          icpc_anchor: clocks.icpcAnchor,
          icpc_held_at: null,
          started_by: actor.userId,
          started_by_label: actor.displayName,
        });
        // The Child Protection Team must see the child to hold the conference clock in its tray.
        for (const personId of personIds) {
          await access.recordInvolvement(
            actor,
            { personId, kind: 'allocated_team', teamId, sourceType: 'section_47_enquiry', sourceId: id },
            tx,
          );
        }
        await openWorkItem(tx, clock, {
          partnershipId: referral.partnershipId,
          kind: 'icpc',
          title: 'Initial child protection conference due',
          personId: personIds[0] ?? null,
          referenceType: 'section_47_enquiry',
          referenceId: id,
          teamId,
          holderUserId: input.leadUserId ?? null,
          dueAt: icpcDueAt,
          clockLabel: `${describeClock(clocks.icpc)} from the ${clocks.icpcAnchor === 'last' ? 'last' : 'initiating'} strategy discussion`,
        });
        await recordAuditEvent(tx, actor, clock, {
          action: 'section-47.started',
          subjectType: 'section_47_enquiry',
          subjectId: id,
          details: { referralId: referral.id, strategyDiscussionId: discussion.id, icpcDueAt: icpcDueAt.toISOString(), teamId },
        });
        await chronology.recordFromModule(tx, actor, {
          originType: 'section_47',
          originId: id,
          occurredAt: now,
          category: 'decision',
          summary: `Section 47 enquiry started; initial child protection conference due ${formatIsoDate(ukDateOf(icpcDueAt))}`,
          significance: 'high',
          personIds,
        });
        const row = await repository.findEnquiryForReferral(tx, referral.id);
        return toEnquiry(tx, row as repository.EnquiryRow);
      });
    },

    async getSection47(actor: Actor, id: string): Promise<Section47Enquiry> {
      const row = await repository.findVisibleEnquiry(db, actor, clock.now(), id);
      if (!row) {
        throw notFound();
      }
      return toEnquiry(db, row);
    },

    /**
     * Records when the initial child protection conference was held, which stops its clock: not before
     * the enquiry started, not in the future, and only once.
     */
    async recordConference(actor: Actor, id: string, rawInput: RecordConferenceInput): Promise<Section47Enquiry> {
      if (!canRecordDiscussions(actor)) {
        throw new AppError(ErrorCode.FORBIDDEN, 'Your role cannot record the conference');
      }
      const input = parseInput(RecordConferenceInput, rawInput);
      return withTransaction(db, async (tx) => {
        const visible = await repository.findVisibleEnquiry(tx, actor, clock.now(), id);
        if (!visible) {
          throw notFound();
        }
        const row = (await repository.findEnquiryForReferral(tx, visible.referral_id, { forUpdate: true })) as repository.EnquiryRow;
        if (row.icpc_held_at !== null) {
          throw new AppError(ErrorCode.CONFLICT, 'The conference has already been recorded');
        }
        if (input.heldAt.getTime() < row.started_at.getTime()) {
          throw invalid([
            { field: 'heldAt', message: `The conference cannot be before the enquiry started (${formatDateTime(row.started_at)})` },
          ]);
        }
        if (input.heldAt.getTime() > clock.now().getTime() + 5 * 60_000) {
          throw invalid([{ field: 'heldAt', message: 'The date and time the conference was held must be in the past' }]);
        }
        await repository.recordIcpcHeld(tx, id, input.heldAt);
        const late = input.heldAt.getTime() > row.icpc_due_at.getTime();
        await closeWorkItems(tx, clock, actor, {
          referenceType: 'section_47_enquiry',
          referenceId: id,
          kind: 'icpc',
          outcome: late ? 'Conference held late' : 'Conference held on time',
        });
        await recordAuditEvent(tx, actor, clock, {
          action: 'section-47.icpc-held',
          subjectType: 'section_47_enquiry',
          subjectId: id,
          details: { heldAt: input.heldAt.toISOString(), late },
        });
        await chronology.recordFromModule(tx, actor, {
          originType: 'section_47.icpc',
          originId: id,
          occurredAt: input.heldAt,
          category: 'meeting',
          summary: `Initial child protection conference held (${late ? 'late' : 'on time'})`,
          significance: 'high',
          personIds: row.person_ids,
        });
        return toEnquiry(tx, { ...row, icpc_held_at: input.heldAt });
      });
    },

    /**
     * Adults: from a strategy discussion that found an enquiry is needed, starts the section 42 enquiry
     * on its clock (28 working days by default). The referrals module checks the route and, after an
     * s42 decision, that all three tests were met.
     */
    async startAdultEnquiry(
      actor: Actor,
      discussionId: string,
      rawInput: StartAdultEnquiryInput = {},
    ): Promise<{ referral: ReferralSummary; dueAt: Date }> {
      if (!canStartEnquiries(actor)) {
        throw new AppError(ErrorCode.FORBIDDEN, 'Only a MASH officer or a team manager can start a section 42 enquiry');
      }
      const input = parseInput(StartAdultEnquiryInput, rawInput);
      return withTransaction(db, async (tx) => {
        const now = clock.now();
        const discussion = await requireDiscussion(tx, actor, discussionId);
        const current = await referrals.getForModule(tx, actor, discussion.referralId);
        if (current.kind !== 'adult') {
          throw new AppError(ErrorCode.INVALID_TRANSITION, 'A section 42 enquiry is for an adult; for a child, start a section 47 enquiry');
        }
        if (!discussion.harmSuspected) {
          throw new AppError(
            ErrorCode.INVALID_TRANSITION,
            'A section 42 enquiry can only start from a strategy discussion that found an enquiry is needed',
          );
        }
        const [working, clocks] = await Promise.all([calendar.load(current.partnershipId, tx), calendar.clocks(current.partnershipId, tx)]);
        const dueAt = working.due(now, clocks.s42Enquiry);
        const referral = await referrals.recordRouteFromModule(tx, actor, current.id, {
          route: 's42_enquiry',
          rationale: input.rationale ?? `Enquiry needed, agreed at the strategy discussion of ${formatDateTime(discussion.heldAt)}`,
          at: now,
          onward: { kind: 's42_enquiry', dueAt },
        });
        if (current.receivingTeamId) {
          await openWorkItem(tx, clock, {
            partnershipId: current.partnershipId,
            kind: 's42_enquiry',
            title: 'Section 42 enquiry due',
            personId: current.subjectPersonIds[0] ?? null,
            referenceType: 'referral',
            referenceId: current.id,
            teamId: current.receivingTeamId,
            dueAt,
            clockLabel: `${describeClock(clocks.s42Enquiry)} from the start of the enquiry`,
          });
        }
        await recordAuditEvent(tx, actor, clock, {
          action: 'strategy-discussion.s42-enquiry-started',
          subjectType: 'strategy_discussion',
          subjectId: discussion.id,
          details: { referralId: current.id, dueAt: dueAt.toISOString() },
        });
        return { referral, dueAt };
      });
    },

    /** The four questions as counts and percentages for a team's discussions held in a date range; no names. */
    async auditFigures(actor: Actor, rawFilter: AuditFilter): Promise<AuditFigures> {
      if (!canSeeAuditFigures(actor) || !actor.partnershipId) {
        throw new AppError(ErrorCode.FORBIDDEN, 'Strategy discussion figures are for team managers and the partnership business unit');
      }
      const partnershipId = actor.partnershipId;
      const filter = parseInput(AuditFilter, rawFilter);
      const teamId = filter.teamId ?? null;
      if (teamId && !(await repository.teamInPartnership(db, partnershipId, teamId))) {
        throw invalid([{ field: 'teamId', message: 'Select a team in this partnership' }]);
      }
      return withTransaction(db, async (tx) => {
        const counts = await repository.auditCounts(tx, {
          partnershipId,
          teamId,
          from: startOfUkDay(filter.from),
          to: startOfUkDay(nextIsoDate(filter.to)),
        });
        await recordAuditEvent(tx, actor, clock, {
          action: 'strategy-discussion.audit-figures',
          subjectType: 'partnership',
          subjectId: partnershipId,
          details: { teamId, from: filter.from, to: filter.to, discussions: counts.total },
        });
        return {
          teamId,
          from: filter.from,
          to: filter.to,
          discussions: counts.total,
          figures: AUDIT_QUESTIONS.map((question) => ({
            question,
            yes: counts[question],
            no: counts.total - counts[question],
            percentYes: counts.total === 0 ? null : Math.round((counts[question] * 100) / counts.total),
          })),
        };
      });
    },

    /** The teams a figures reader may choose from. */
    async listTeams(actor: Actor): Promise<{ id: string; name: string; agencyName: string }[]> {
      if (!canSeeAuditFigures(actor) || !actor.partnershipId) {
        throw new AppError(ErrorCode.FORBIDDEN, 'Strategy discussion figures are for team managers and the partnership business unit');
      }
      return repository.teamsOfPartnership(db, actor.partnershipId);
    },

    /** For the referral page's panel: its discussions and any section 47 enquiry; NOT_FOUND when not visible. */
    async summaryForReferral(actor: Actor, referralId: string): Promise<ReferralStrategySummary> {
      await referrals.getForModule(db, actor, referralId);
      const now = clock.now();
      const rows = await repository.listVisibleDiscussionsForReferral(db, actor, now, referralId);
      const enquiryRow = await repository.findVisibleEnquiryForReferral(db, actor, now, referralId);
      const enquiry = enquiryRow ? await toEnquiry(db, enquiryRow) : null;
      return {
        referralId,
        discussions: rows.map((row) => ({
          id: row.id,
          kind: row.kind as DiscussionKind,
          heldAt: row.held_at,
          onTime: row.held_at.getTime() <= row.due_at.getTime(),
          harmSuspected: row.harm_suspected,
        })),
        section47: enquiry
          ? {
              id: enquiry.id,
              icpcDueOn: enquiry.icpcDueOn,
              icpcWorkingDaysLeft: enquiry.icpcWorkingDaysLeft,
              icpcHeldAt: enquiry.icpcHeldAt,
            }
          : null,
      };
    },

    /**
     * Opens the strategy discussion clock for a referral decided for one, in the caller's transaction
     * (the referrals module's decision). Idempotent: the work item is unique while open.
     */
    async openStrategyClock(tx: Tx, referral: ReferralSummary): Promise<void> {
      if (!referral.receivedAt || !referral.receivingTeamId) {
        return;
      }
      const [working, clocks] = await Promise.all([calendar.load(referral.partnershipId, tx), calendar.clocks(referral.partnershipId, tx)]);
      const spec = referral.kind === 'child' ? clocks.strategyChild : clocks.strategyAdult;
      await openWorkItem(tx, clock, {
        partnershipId: referral.partnershipId,
        kind: 'strategy_discussion',
        title: 'Hold the strategy discussion',
        personId: referral.subjectPersonIds[0] ?? null,
        referenceType: 'referral',
        referenceId: referral.id,
        teamId: referral.receivingTeamId,
        dueAt: working.due(referral.receivedAt, spec),
        clockLabel: `${describeClock(spec)} from receipt of the referral`,
      });
    },
  };
  return service;
}

export type StrategyService = ReturnType<typeof createStrategyService>;
