import type { Actor } from '../../platform/access/actor.ts';
import { hasPermission, Permission } from '../../platform/access/permissions.ts';

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
