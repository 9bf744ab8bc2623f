import type { Actor } from '../../platform/access/actor.ts';
import { hasPermission, Permission } from '../../platform/access/permissions.ts';
import { canUseCaseRecords } from '../access/index.ts';

/** Creating a person record needs case-record rights and a partnership to put them in. */
export function canCreatePerson(actor: Actor): boolean {
  return canUseCaseRecords(actor) && actor.partnershipId !== null;
}

/**
 * Who may see who has looked at a person (as NHS CP-IS lets a child's social worker see who
 * looked): the allocated worker, a manager of the allocated team, and the partnership's privacy
 * officers. The log shows who, when and why — never the record itself.
 */
export function canViewAccessLog(
  actor: Actor,
  facts: { allocatedWorkerIds: string[]; allocatedTeamIds: string[]; personPartnershipId: string },
): boolean {
  if (actor.kind !== 'user' || !actor.userId || actor.partnershipId !== facts.personPartnershipId) {
    return false;
  }
  if (hasPermission(actor, Permission.privacyOversight)) {
    return true;
  }
  if (facts.allocatedWorkerIds.includes(actor.userId)) {
    return canUseCaseRecords(actor);
  }
  return actor.roles.includes('team_manager') && actor.teamIds.some((teamId) => facts.allocatedTeamIds.includes(teamId));
}

export function canRestrictPerson(actor: Actor): boolean {
  return hasPermission(actor, Permission.grantRestrictedAccess) && canUseCaseRecords(actor);
}
