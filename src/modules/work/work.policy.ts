import { type Expression, type ExpressionBuilder, type SqlBool, sql } from 'kysely';
import { type Actor, ROLES, type Role } from '../../platform/access/actor.ts';
import { hasPermission, Permission, ROLE_PERMISSIONS } from '../../platform/access/permissions.ts';
import type { Database } from '../../platform/database/tables.ts';
import { personVisibleTo } from '../access/index.ts';

/**
 * A team's tray belongs to its members: they see its items (the person's name only where they may see
 * the person). Moving work between people is a manager's call.
 */
export function canSeeTeamTray(actor: Actor, teamId: string): boolean {
  return actor.kind === 'user' && actor.teamIds.includes(teamId);
}

export function canReallocateWork(actor: Actor): boolean {
  return actor.kind === 'user' && hasPermission(actor, Permission.reallocateWork);
}

/** The roles told about unallocated work falling due: whoever may hand it to someone. */
export const REALLOCATING_ROLES: Role[] = ROLES.filter((role) =>
  (ROLE_PERMISSIONS[role] as readonly Permission[]).includes(Permission.reallocateWork),
);

/** An item is visible to the members of its team and to whoever holds it (who may since have moved team). */
export function workItemVisibleTo(actor: Actor) {
  return (eb: ExpressionBuilder<Database, 'work_item'>): Expression<SqlBool> => {
    if (actor.kind !== 'user' || !actor.userId || !actor.partnershipId) {
      return sql<SqlBool>`false`;
    }
    return eb.and([
      eb('work_item.partnership_id', '=', actor.partnershipId),
      eb.or([
        eb('work_item.holder_user_id', '=', actor.userId),
        ...(actor.teamIds.length > 0 ? [eb('work_item.team_id', 'in', actor.teamIds)] : []),
      ]),
    ]);
  };
}

/**
 * Whether the actor may give this item to `holderUserId` (null: back to the team). A manager of the
 * item's team moves it to any member or unallocates it; any member may take unallocated work for
 * themselves or hand back their own.
 */
export function canAllocate(actor: Actor, item: { teamId: string; holderUserId: string | null }, holderUserId: string | null): boolean {
  if (!canSeeTeamTray(actor, item.teamId)) {
    return false;
  }
  if (canReallocateWork(actor)) {
    return true;
  }
  const taking = holderUserId === actor.userId && item.holderUserId === null;
  const handingBack = holderUserId === null && item.holderUserId === actor.userId;
  return taking || handingBack;
}

/**
 * The person's name shows in a tray only to a reader who may see that person; the rule is the
 * access module's, applied to the page's rows inside the query.
 */
export function trayPersonVisibleTo(actor: Actor, now: Date) {
  return personVisibleTo(actor, now);
}
