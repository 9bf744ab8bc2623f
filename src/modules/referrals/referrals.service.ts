import type { Actor } from '../../platform/access/actor.ts';
import { recordAuditEvent } from '../../platform/audit-trail/record-audit-event.ts';
import type { Clock } from '../../platform/clock.ts';
import type { Db, Tx } from '../../platform/database/transaction.ts';
import { AppError, ErrorCode, notFound } from '../../platform/errors.ts';
import { newId } from '../../platform/ids.ts';
import type { AccessService } from '../access/index.ts';
import type { ChronologyService } from '../chronology/index.ts';
import * as repository from './referrals.repository.ts';
import type { OnwardKind, ReferralSummary } from './referrals.schema.ts';
import { type ReferralKind, type ReferralStatus, ROUTE_LABELS, type Route, requireMove, requireNextRoute } from './referrals.workflow.ts';

/** A later step on a referral recorded by another module (strategy: section 47, s42 enquiry). */
export interface ModuleRoute {
  route: Route;
  rationale: string;
  at: Date;
  /** The piece of work the step starts, with its clock, when this module keeps it (e.g. section 47 with its ICPC date). */
  onward?: { kind: OnwardKind; dueAt: Date; teamId?: string | null };
}

export function createReferralsService(db: Db, clock: Clock, deps: { access: AccessService; chronology: ChronologyService }) {
  const { chronology } = deps;

  async function requireVisible(executor: Db | Tx, actor: Actor, id: string, forUpdate = false) {
    const row = await repository.findVisibleReferral(executor, actor, clock.now(), id, { forUpdate });
    if (!row) {
      throw notFound();
    }
    return row;
  }

  const service = {
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
      const routeId = newId();
      await repository.insertRoute(tx, {
        id: routeId,
        referralId,
        route: step.route,
        previousRoute: current,
        rationale: step.rationale,
        routedAt: step.at,
        routedBy: actor.userId,
        origin: 'module',
      });
      await repository.updateReferral(tx, referralId, { route: step.route }, clock.now());
      if (step.onward) {
        await repository.insertOnwardWork(tx, {
          id: newId(),
          partnershipId: row.partnership_id,
          referralId,
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
        subjectId: referralId,
        details: { routeId, route: step.route, previousRoute: current },
      });
      const people = (await repository.subjectPersonIds(tx, [referralId])).get(referralId) ?? [];
      await chronology.recordFromModule(tx, actor, {
        originType: 'referral.route',
        originId: routeId,
        occurredAt: step.at,
        category: 'decision',
        summary: `${ROUTE_LABELS[step.route]} started (after ${current ? ROUTE_LABELS[current].toLowerCase() : 'the referral'})`,
        significance: 'high',
        personIds: people,
      });
      return service.getForModule(tx, actor, referralId);
    },
  };
  return service;
}

export type ReferralsService = ReturnType<typeof createReferralsService>;
