import type { Expression, ExpressionBuilder, SqlBool } from 'kysely';
import { sql } from 'kysely';
import type { Actor } from '../../platform/access/actor.ts';
import { hasPermission, Permission } from '../../platform/access/permissions.ts';
import type { Database } from '../../platform/database/tables.ts';
import { canUseCaseRecords } from '../access/index.ts';
import { referralIdVisibleTo } from '../referrals/index.ts';

/**
 * Who may see an information request: whoever may see its referral (the MASH and the people it
 * concerns' workers), and the requested agency's own users — they must read the question to answer
 * it. Applied inside every query.
 */
export function requestVisibleTo(actor: Actor, now: Date) {
  return (eb: ExpressionBuilder<Database, 'information_request'>): Expression<SqlBool> => {
    if (!canUseCaseRecords(actor)) {
      return sql<SqlBool>`false`;
    }
    return eb.or([
      referralIdVisibleTo(actor, now, 'information_request.referral_id')(eb),
      ...(actor.agencyId ? [eb('information_request.agency_id', '=', actor.agencyId)] : []),
    ]);
  };
}

/** A sharing decision is seen by the two agencies it is between, and by whoever may see its referral. */
export function decisionVisibleTo(actor: Actor, now: Date) {
  return (eb: ExpressionBuilder<Database, 'information_sharing_decision'>): Expression<SqlBool> => {
    if (!canUseCaseRecords(actor)) {
      return sql<SqlBool>`false`;
    }
    return eb.or([
      eb.and([
        eb('information_sharing_decision.referral_id', 'is not', null),
        referralIdVisibleTo(actor, now, 'information_sharing_decision.referral_id')(eb),
      ]),
      ...(actor.agencyId
        ? [
            eb('information_sharing_decision.with_agency_id', '=', actor.agencyId),
            eb('information_sharing_decision.decided_by_agency_id', '=', actor.agencyId),
          ]
        : []),
    ]);
  };
}

/** Sending requests to partners is part of MASH triage. */
export function canSendRequests(actor: Actor): boolean {
  return actor.kind === 'user' && hasPermission(actor, Permission.triageReferrals);
}

/** A return is made by the requested agency itself, or recorded for it by the MASH. */
export function canRecordReturn(actor: Actor, requestAgencyId: string): boolean {
  return canUseCaseRecords(actor) && (actor.agencyId === requestAgencyId || hasPermission(actor, Permission.triageReferrals));
}
