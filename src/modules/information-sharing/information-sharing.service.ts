import type { Actor } from '../../platform/access/actor.ts';
import { recordAuditEvent } from '../../platform/audit-trail/record-audit-event.ts';
import type { Clock } from '../../platform/clock.ts';
import { type Db, type Tx, withTransaction } from '../../platform/database/transaction.ts';
import { formatDateTime } from '../../platform/dates.ts';
import { AppError, ErrorCode, notFound } from '../../platform/errors.ts';
import { newId } from '../../platform/ids.ts';
import { parseInput } from '../../platform/validation.ts';
import type { AccessService } from '../access/index.ts';
import { type CalendarService, describeClock } from '../calendar/index.ts';
import type { ChronologyService } from '../chronology/index.ts';
import type { PeopleService } from '../people/index.ts';
import type { ReferralsService } from '../referrals/index.ts';
import { closeWorkItems, openWorkItem } from '../work/index.ts';
import { canRecordReturn, canSendRequests, decisionVisibleTo, requestVisibleTo } from './information-sharing.policy.ts';
import * as repository from './information-sharing.repository.ts';
import {
  type ConsentPosition,
  type DecisionFlag,
  type InformationRequest,
  type LawfulBasis,
  MASH_PARTNER_KINDS,
  RecordDecisionInput,
  RecordReturnInput,
  type ReferralInformationSummary,
  type RequestStatus,
  SendInformationRequestsInput,
  type SharingDecision,
  type SharingDecisionKind,
  type SpecialCategoryCondition,
  type Timeliness,
} from './information-sharing.schema.ts';

interface Basis {
  lawfulBasis: LawfulBasis;
  specialCategory: boolean;
  specialCategoryCondition?: SpecialCategoryCondition | undefined;
  policyDocumentRef?: string | undefined;
  consent: ConsentPosition;
  consentReason?: string | undefined;
}

/** Check I-02: special category data under Schedule 1 paragraph 18 wants an appropriate policy document. */
function flagsOf(basis: Basis): DecisionFlag[] {
  return basis.specialCategory && basis.specialCategoryCondition === 'dpa_sch1_para18_safeguarding' && !basis.policyDocumentRef
    ? ['no_appropriate_policy_document']
    : [];
}

function hoursBetween(from: Date, to: Date): number {
  return Math.round((to.getTime() - from.getTime()) / 3_600_000);
}

function timelinessOf(row: { status: string; due_at: Date; returned_at: Date | null }, now: Date): Timeliness {
  if (row.status === 'open') {
    return row.due_at < now
      ? { state: 'overdue', label: `Overdue since ${formatDateTime(row.due_at)}` }
      : { state: 'due', label: `Due ${formatDateTime(row.due_at)}` };
  }
  const returnedAt = row.returned_at as Date;
  return returnedAt <= row.due_at
    ? { state: 'on_time', label: 'Returned on time' }
    : { state: 'late', label: `Returned late, by about ${Math.max(1, hoursBetween(row.due_at, returnedAt))} hour(s)` };
}

export function createInformationSharingService(
  db: Db,
  clock: Clock,
  deps: {
    access: AccessService;
    calendar: CalendarService;
    chronology: ChronologyService;
    people: PeopleService;
    referrals: ReferralsService;
  },
) {
  const { access, calendar, chronology, people, referrals } = deps;

  function toRequest(actor: Actor, row: repository.RequestRow, now: Date): InformationRequest {
    // Another partner's answer is not for every partner: the requested agency sees its own return, the
    // MASH (who may see the referral) sees all of them.
    const ownAgency = actor.agencyId === row.agency_id;
    return {
      id: row.id,
      referralId: row.referral_id,
      agencyId: row.agency_id,
      agencyName: row.agency_name,
      requestedByAgencyId: row.requested_by_agency_id,
      subjectPersonIds: row.subject_person_ids,
      question: row.question,
      requestedAt: row.requested_at,
      requestedByLabel: row.requested_by_label,
      dueAt: row.due_at,
      clockLabel: row.clock_label,
      status: row.status as RequestStatus,
      returnedAt: row.returned_at,
      returnedByLabel: row.returned_by_label,
      returnSummary: ownAgency || canSendRequests(actor) ? row.return_summary : null,
      declinedReason: row.declined_reason,
      timeliness: timelinessOf(row, now),
      version: row.version,
    };
  }

  function toDecision(row: repository.DecisionRow): SharingDecision {
    return {
      id: row.id,
      referralId: row.referral_id,
      personId: row.person_id,
      informationRequestId: row.information_request_id,
      decision: row.decision as SharingDecisionKind,
      whatShared: row.what_shared,
      withAgencyId: row.with_agency_id,
      withAgencyName: row.with_agency_name,
      why: row.why,
      decidedAt: row.decided_at,
      decidedByLabel: row.decided_by_label,
      decidedByAgencyId: row.decided_by_agency_id,
      decidedByAgencyName: row.decided_by_agency_name,
      lawfulBasis: row.lawful_basis as LawfulBasis,
      specialCategory: row.special_category,
      specialCategoryCondition: row.special_category_condition as SpecialCategoryCondition | null,
      policyDocumentRef: row.policy_document_ref,
      consent: row.consent as ConsentPosition,
      consentReason: row.consent_reason,
      flags: row.flags as DecisionFlag[],
    };
  }

  async function writeDecision(
    tx: Tx,
    actor: Actor,
    input: Basis & {
      partnershipId: string;
      referralId: string | null;
      personId: string | null;
      requestId: string | null;
      decision: SharingDecisionKind;
      whatShared: string;
      withAgencyId: string;
      decidedByAgencyId: string;
      why: string;
      at: Date;
    },
  ): Promise<string> {
    const id = newId();
    await repository.insertDecision(tx, {
      id,
      partnership_id: input.partnershipId,
      referral_id: input.referralId,
      person_id: input.personId,
      information_request_id: input.requestId,
      decision: input.decision,
      what_shared: input.whatShared,
      with_agency_id: input.withAgencyId,
      why: input.why,
      decided_at: input.at,
      decided_by: actor.userId,
      decided_by_label: actor.displayName,
      decided_by_agency_id: input.decidedByAgencyId,
      lawful_basis: input.lawfulBasis,
      special_category: input.specialCategory,
      special_category_condition: input.specialCategoryCondition ?? null,
      policy_document_ref: input.policyDocumentRef ?? null,
      consent: input.consent,
      consent_reason: input.consent === 'given' ? null : (input.consentReason ?? null),
      flags: flagsOf(input),
      created_at: clock.now(),
    });
    await recordAuditEvent(tx, actor, clock, {
      action: 'information-sharing.decided',
      subjectType: 'information_sharing_decision',
      subjectId: id,
      details: { decision: input.decision, withAgencyId: input.withAgencyId, lawfulBasis: input.lawfulBasis, referralId: input.referralId },
    });
    return id;
  }

  const service = {
    /** The partners a MASH officer may ask: the partnership's police, health, education, probation, housing and voluntary agencies. */
    async partnerAgencies(actor: Actor) {
      if (!actor.partnershipId) {
        return [];
      }
      return repository.listPartnerAgencies(db, actor.partnershipId, MASH_PARTNER_KINDS);
    },

    /**
     * Asks each chosen partner what it knows about the people on a rated referral, one request per
     * agency, each due by the rating's response target and each recorded as a decision to share the
     * people's identities with that agency (golden rule 7), with its lawful basis.
     */
    async sendRequests(actor: Actor, referralId: string, rawInput: unknown): Promise<InformationRequest[]> {
      if (!canSendRequests(actor) || !actor.agencyId) {
        throw new AppError(ErrorCode.FORBIDDEN, 'Only a MASH officer or team manager can send information requests');
      }
      const input = parseInput(SendInformationRequestsInput, rawInput);
      const agencyIds = [...new Set(input.agencyIds)];
      const ids = await withTransaction(db, async (tx) => {
        const referral = await referrals.getForModule(tx, actor, referralId);
        if (!referral.rating || referral.status === 'decided' || !['rated', 'information_gathering'].includes(referral.status)) {
          throw new AppError(ErrorCode.INVALID_TRANSITION, 'Rate the referral before asking partners, and ask before it is decided');
        }
        const partners = new Map(
          (await repository.listPartnerAgencies(tx, referral.partnershipId, MASH_PARTNER_KINDS)).map((agency) => [agency.id, agency]),
        );
        const unknown = agencyIds.filter((id) => !partners.has(id));
        if (unknown.length > 0) {
          throw new AppError(ErrorCode.VALIDATION, 'Choose MASH partner agencies', [
            { field: 'agencyIds', message: 'Choose MASH partner agencies from the list' },
          ]);
        }
        for (const agencyId of agencyIds) {
          if (await repository.openRequestExists(tx, referralId, agencyId)) {
            throw new AppError(ErrorCode.CONFLICT, `${partners.get(agencyId)?.name} has already been asked and has not yet replied`);
          }
        }
        await referrals.startInformationGatheringFromModule(tx, actor, referralId);
        const now = clock.now();
        const [working, clocks] = await Promise.all([
          calendar.load(referral.partnershipId, tx),
          calendar.clocks(referral.partnershipId, tx),
        ]);
        const spec = clocks.triage[referral.rating];
        const dueAt = working.due(now, spec);
        const clockLabel = `${describeClock(spec)} from the request (${referral.rating} rating)`;
        const created: string[] = [];
        for (const agencyId of agencyIds) {
          const id = newId();
          const decisionId = await writeDecision(tx, actor, {
            ...input,
            partnershipId: referral.partnershipId,
            referralId,
            personId: null,
            requestId: id,
            decision: 'share',
            whatShared: `The identities of the people on the referral, and the question: ${input.question}`,
            withAgencyId: agencyId,
            decidedByAgencyId: actor.agencyId as string,
            why: 'MASH information request to a safeguarding partner',
            at: now,
          });
          await repository.insertRequest(tx, {
            id,
            partnership_id: referral.partnershipId,
            referral_id: referralId,
            agency_id: agencyId,
            requested_by_agency_id: actor.agencyId as string,
            mash_team_id: referral.receivingTeamId as string,
            subject_person_ids: referral.subjectPersonIds,
            question: input.question,
            requested_at: now,
            requested_by: actor.userId,
            requested_by_label: actor.displayName,
            due_at: dueAt,
            clock_label: clockLabel,
            status: 'open',
            returned_at: null,
            returned_by: null,
            returned_by_label: null,
            return_summary: null,
            declined_reason: null,
            request_decision_id: decisionId,
            return_decision_id: null,
          });
          // The partner needs to find the people in its own records: the share gives its users sight of them.
          for (const personId of referral.subjectPersonIds) {
            await access.recordInvolvement(
              { ...actor, kind: 'system' },
              {
                personId,
                kind: 'sharing_decision',
                agencyId,
                sourceType: 'information_request',
                sourceId: id,
                reason: 'MASH information request',
              },
              tx,
            );
          }
          await openWorkItem(tx, clock, {
            partnershipId: referral.partnershipId,
            kind: 'information_return',
            title: `Information return due from ${partners.get(agencyId)?.name ?? 'a partner'}`,
            personId: referral.subjectPersonIds[0] ?? null,
            referenceType: 'information_request',
            referenceId: id,
            teamId: referral.receivingTeamId as string,
            dueAt,
            clockLabel,
          });
          await recordAuditEvent(tx, actor, clock, {
            action: 'information-request.sent',
            subjectType: 'information_request',
            subjectId: id,
            details: { referralId, agencyId, dueAt: dueAt.toISOString() },
          });
          created.push(id);
        }
        await chronology.recordFromModule(tx, actor, {
          originType: 'information_request.sent',
          originId: created[0] as string,
          occurredAt: now,
          category: 'referral',
          summary: `MASH information requests sent to ${agencyIds.map((id) => partners.get(id)?.name).join(', ')}`,
          significance: 'medium',
          personIds: referral.subjectPersonIds,
        });
        return created;
      });
      return Promise.all(ids.map((id) => service.getRequest(actor, id)));
    },

    /**
     * A partner's answer: what it knows, that it knows nothing, or that it will not share and why. Each
     * is an information-sharing decision (a decline is a decision not to share) and closes the clock.
     */
    async recordReturn(actor: Actor, requestId: string, rawInput: unknown): Promise<InformationRequest> {
      const input = parseInput(RecordReturnInput, rawInput);
      await withTransaction(db, async (tx) => {
        const now = clock.now();
        const row = await repository.findRequest(tx, requestVisibleTo(actor, now), requestId, true);
        if (!row) {
          throw notFound();
        }
        if (!canRecordReturn(actor, row.agency_id)) {
          throw new AppError(ErrorCode.FORBIDDEN, 'Only the requested agency, or the MASH on its behalf, can record its return');
        }
        if (row.status !== 'open') {
          throw new AppError(ErrorCode.CONFLICT, 'This request has already been answered');
        }
        const returnedAt = input.returnedAt ? new Date(input.returnedAt) : now;
        if (returnedAt > now || returnedAt < row.requested_at) {
          throw new AppError(ErrorCode.VALIDATION, 'The return time must be between the request and now', [
            { field: 'returnedAt', message: 'Enter a time between the request and now' },
          ]);
        }
        const decisionId = await writeDecision(tx, actor, {
          ...input,
          partnershipId: row.partnership_id,
          referralId: row.referral_id,
          personId: null,
          requestId,
          decision: input.outcome === 'declined' ? 'not_share' : 'share',
          whatShared:
            input.outcome === 'returned'
              ? (input.summary as string)
              : input.outcome === 'nothing_known'
                ? 'That the agency holds nothing about these people'
                : `Nothing: ${input.declinedReason}`,
          withAgencyId: row.requested_by_agency_id,
          decidedByAgencyId: row.agency_id,
          why: input.outcome === 'declined' ? (input.declinedReason as string) : 'Reply to a MASH information request',
          at: returnedAt,
        });
        await repository.closeRequest(tx, requestId, {
          status: input.outcome,
          returned_at: returnedAt,
          returned_by: actor.userId,
          returned_by_label: actor.displayName,
          return_summary: input.outcome === 'returned' ? (input.summary as string) : null,
          declined_reason: input.outcome === 'declined' ? (input.declinedReason as string) : null,
          return_decision_id: decisionId,
        });
        await closeWorkItems(tx, clock, actor, { referenceType: 'information_request', referenceId: requestId, outcome: input.outcome });
        // The partner needed sight of the people to answer; once it has, the share that opened them ends.
        await access.endInvolvementsFromModule(tx, actor, { sourceType: 'information_request', sourceId: requestId });
        const late = returnedAt > row.due_at;
        await recordAuditEvent(tx, actor, clock, {
          action: 'information-request.returned',
          subjectType: 'information_request',
          subjectId: requestId,
          details: { outcome: input.outcome, late, referralId: row.referral_id },
        });
        const what = { returned: 'returned information', nothing_known: 'has no information', declined: 'declined to share information' }[
          input.outcome
        ];
        await chronology.recordFromModule(tx, actor, {
          originType: 'information_request.return',
          originId: requestId,
          occurredAt: returnedAt,
          category: 'referral',
          summary: `${row.agency_name} ${what} for the MASH${late ? ' (after the response target)' : ''}`,
          significance: 'medium',
          sensitivity: 'sensitive',
          personIds: row.subject_person_ids,
        });
      });
      return service.getRequest(actor, requestId);
    },

    async getRequest(actor: Actor, id: string): Promise<InformationRequest> {
      const now = clock.now();
      const row = await repository.findRequest(db, requestVisibleTo(actor, now), id);
      if (!row) {
        throw notFound();
      }
      return toRequest(actor, row, now);
    },

    async listForReferral(actor: Actor, referralId: string): Promise<InformationRequest[]> {
      await referrals.getForModule(db, actor, referralId);
      const now = clock.now();
      return (await repository.listRequestsForReferral(db, requestVisibleTo(actor, now), referralId)).map((row) =>
        toRequest(actor, row, now),
      );
    },

    /** "Information requests for my agency": what partners are waiting for from the actor's agency. */
    async listOpenForMyAgency(actor: Actor): Promise<InformationRequest[]> {
      if (!actor.agencyId) {
        return [];
      }
      const now = clock.now();
      return (await repository.listOpenRequestsForAgency(db, requestVisibleTo(actor, now), actor.agencyId)).map((row) =>
        toRequest(actor, row, now),
      );
    },

    /** The referral page's panel: how many asked, answered and overdue, and each agency's state. */
    async summaryForReferral(actor: Actor, referralId: string): Promise<ReferralInformationSummary> {
      const items = await service.listForReferral(actor, referralId);
      return {
        requested: items.length,
        returned: items.filter((item) => item.status !== 'open').length,
        overdue: items.filter((item) => item.timeliness.state === 'overdue').length,
        items: items.map((item) => ({
          id: item.id,
          agencyName: item.agencyName,
          status: item.status,
          dueAt: item.dueAt,
          returnedAt: item.returnedAt,
          timeliness: item.timeliness,
        })),
      };
    },

    /** A decision to share, or not to share, recorded on its own (golden rule 7): what, with whom, why, on what basis. */
    async recordDecision(actor: Actor, rawInput: unknown): Promise<SharingDecision> {
      if (!actor.agencyId || !actor.partnershipId) {
        throw new AppError(ErrorCode.FORBIDDEN, 'Your account cannot record information-sharing decisions');
      }
      const input = parseInput(RecordDecisionInput, rawInput);
      // Checked before the transaction: on the embedded database a read through another service inside
      // it would wait for the connection the transaction holds.
      if (input.personId) {
        await people.getPersonDetails(actor, input.personId, 'information-sharing');
      }
      const id = await withTransaction(db, async (tx) => {
        if (input.referralId) {
          await referrals.getForModule(tx, actor, input.referralId);
        }
        return writeDecision(tx, actor, {
          ...input,
          partnershipId: actor.partnershipId as string,
          referralId: input.referralId ?? null,
          personId: input.personId ?? null,
          requestId: null,
          decidedByAgencyId: actor.agencyId as string,
          at: input.decidedAt ? new Date(input.decidedAt) : clock.now(),
        });
      });
      const row = await repository.findDecision(db, decisionVisibleTo(actor, clock.now()), id);
      if (!row) {
        throw notFound();
      }
      return toDecision(row);
    },

    async listDecisions(actor: Actor, where: { referralId?: string; personId?: string }): Promise<SharingDecision[]> {
      if (!where.referralId && !where.personId) {
        throw new AppError(ErrorCode.VALIDATION, 'Say which referral or person', [
          { field: 'referralId', message: 'Give a referral or a person' },
        ]);
      }
      return (await repository.listDecisions(db, decisionVisibleTo(actor, clock.now()), where)).map(toDecision);
    },
  };
  return service;
}

export type InformationSharingService = ReturnType<typeof createInformationSharingService>;
