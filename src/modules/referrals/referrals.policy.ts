import { type Expression, type ExpressionBuilder, type SqlBool, sql } from 'kysely';
import type { Actor } from '../../platform/access/actor.ts';
import { hasPermission, Permission } from '../../platform/access/permissions.ts';
import type { Database } from '../../platform/database/tables.ts';
import { canUseCaseRecords, personVisibleTo } from '../access/index.ts';

/**
 * Who may see a referral, in one place, as SQL the repository (and other modules, through
 * `referralIdVisibleTo`) put inside their queries:
 *
 * 1. The reader needs case-record rights in the referral's partnership.
 * 2. A submitted referral is visible to whoever may see at least one person it is about (the
 *    foundation's person rule; creating a referral gives the receiving team and the referrer's agency
 *    a basis for each subject, so both see it from the start).
 * 3. A draft is visible only to the person writing it: it is not yet a referral to anyone.
 *
 * A command-line operator (a system actor) reads everything.
 */
export function referralVisibleTo(actor: Actor, now: Date) {
  return (eb: ExpressionBuilder<Database, 'referral'>): Expression<SqlBool> => {
    if (actor.kind === 'system') {
      return sql<SqlBool>`true`;
    }
    if (!canUseCaseRecords(actor) || !actor.partnershipId || !actor.userId) {
      return sql<SqlBool>`false`;
    }
    const seesASubject = eb.exists(
      eb
        .selectFrom('referral_subject as rs')
        .innerJoin('person', 'person.id', 'rs.person_id')
        .select(sql`1`.as('one'))
        .whereRef('rs.referral_id', '=', 'referral.id')
        .where((inner) => personVisibleTo(actor, now)(inner as unknown as ExpressionBuilder<Database, 'person'>)),
    );
    return eb.and([
      eb('referral.partnership_id', '=', actor.partnershipId),
      eb.or([
        eb.and([eb('referral.status', '=', 'draft'), eb('referral.created_by', '=', actor.userId)]),
        eb.and([eb('referral.status', '<>', 'draft'), seesASubject]),
      ]),
    ]);
  };
}

/**
 * The same rule for another module's rows that carry a referral id (information requests, strategy
 * discussions): `where(referralIdVisibleTo(actor, now, 'information_request.referral_id'))`. The column is
 * trusted SQL: callers pass a literal reference, never input.
 */
export function referralIdVisibleTo(actor: Actor, now: Date, referralIdColumn: string) {
  // biome-ignore lint/suspicious/noExplicitAny: applied to any module's table; the subquery names only referral tables.
  return (eb: ExpressionBuilder<any, any>): Expression<SqlBool> => {
    const own = eb as unknown as ExpressionBuilder<Database, never>;
    return own.exists(
      own
        .selectFrom('referral')
        .select(sql`1`.as('one'))
        .where(sql<SqlBool>`referral.id = ${sql.ref(referralIdColumn)}`)
        .where((r) => referralVisibleTo(actor, now)(r as unknown as ExpressionBuilder<Database, 'referral'>)),
    );
  };
}

/**
 * A partner contact is seen by the front door (anyone who may triage, in the partnership) and by the
 * agency that sent it; until it becomes a referral no one else has a reason to.
 */
export function contactVisibleTo(actor: Actor) {
  return (eb: ExpressionBuilder<Database, 'contact'>): Expression<SqlBool> => {
    if (actor.kind === 'system') {
      return sql<SqlBool>`true`;
    }
    if (!canUseCaseRecords(actor) || !actor.partnershipId) {
      return sql<SqlBool>`false`;
    }
    const who = [
      ...(canTriageReferrals(actor) ? [sql<SqlBool>`true`] : []),
      ...(actor.agencyId ? [eb('contact.source_agency_id', '=', actor.agencyId)] : []),
    ];
    return eb.and([eb('contact.partnership_id', '=', actor.partnershipId), who.length > 0 ? eb.or(who) : sql<SqlBool>`false`]);
  };
}

/** Making a referral is case work: any role with case records (a school DSL, a health visitor, police). */
export function canMakeReferrals(actor: Actor): boolean {
  return canUseCaseRecords(actor) && actor.agencyId !== null && actor.partnershipId !== null;
}

/** Rating a referral and turning a partner contact into one: MASH officers and team managers. */
export function canTriageReferrals(actor: Actor): boolean {
  return canUseCaseRecords(actor) && hasPermission(actor, Permission.triageReferrals);
}

/** Deciding the route a referral takes: MASH officers and team managers. */
export function canDecideReferrals(actor: Actor): boolean {
  return canUseCaseRecords(actor) && hasPermission(actor, Permission.decideReferrals);
}

/** Contacts come from partner systems; any agency with case rights may send one. */
export function canSendContacts(actor: Actor): boolean {
  return canUseCaseRecords(actor) && actor.agencyId !== null && actor.partnershipId !== null;
}
