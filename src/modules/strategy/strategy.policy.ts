import { type Expression, type ExpressionBuilder, type SqlBool, sql } from 'kysely';
import type { Actor } from '../../platform/access/actor.ts';
import { hasPermission, Permission } from '../../platform/access/permissions.ts';
import type { Database } from '../../platform/database/tables.ts';
import { canUseCaseRecords } from '../access/index.ts';
import { referralIdVisibleTo } from '../referrals/index.ts';

/**
 * Who may read a strategy discussion, in one place, as SQL the repository puts inside its queries:
 * whoever may see the referral it was held about (the referrals rule, which is the person rule on the
 * referral's subjects). A section 47 enquiry follows its referral the same way.
 */
export function discussionVisibleTo(actor: Actor, now: Date) {
  return (eb: ExpressionBuilder<Database, 'strategy_discussion'>): Expression<SqlBool> => {
    if (actor.kind === 'system') {
      return sql<SqlBool>`true`;
    }
    if (!canUseCaseRecords(actor) || !actor.partnershipId) {
      return sql<SqlBool>`false`;
    }
    return eb.and([
      eb('strategy_discussion.partnership_id', '=', actor.partnershipId),
      referralIdVisibleTo(actor, now, 'strategy_discussion.referral_id')(eb),
    ]);
  };
}

export function enquiryVisibleTo(actor: Actor, now: Date) {
  return (eb: ExpressionBuilder<Database, 'section_47_enquiry'>): Expression<SqlBool> => {
    if (actor.kind === 'system') {
      return sql<SqlBool>`true`;
    }
    if (!canUseCaseRecords(actor) || !actor.partnershipId) {
      return sql<SqlBool>`false`;
    }
    return eb.and([
      eb('section_47_enquiry.partnership_id', '=', actor.partnershipId),
      referralIdVisibleTo(actor, now, 'section_47_enquiry.referral_id')(eb),
    ]);
  };
}

/** Recording a discussion and its actions is case work by anyone at an agency who may see the referral. */
export function canRecordDiscussions(actor: Actor): boolean {
  return canUseCaseRecords(actor) && actor.agencyId !== null && actor.partnershipId !== null;
}

/** Starting an enquiry is a decision on the referral's route: MASH officers and team managers. */
export function canStartEnquiries(actor: Actor): boolean {
  return canUseCaseRecords(actor) && hasPermission(actor, Permission.decideReferrals) && actor.partnershipId !== null;
}

/**
 * The audit figures are partnership figures with no names in them: the partnership business unit and
 * the independent scrutineer see them, and so do team managers, who answer for their team's practice.
 */
export function canSeeAuditFigures(actor: Actor): boolean {
  return actor.partnershipId !== null && (hasPermission(actor, Permission.partnershipFigures) || actor.roles.includes('team_manager'));
}
