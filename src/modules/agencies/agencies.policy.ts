import type { Actor } from '../../platform/access/actor.ts';
import { hasPermission, Permission } from '../../platform/access/permissions.ts';
import { AppError, ErrorCode } from '../../platform/errors.ts';

/** Only system administrators (and start-up or CLI work) change the directory of agencies, teams and users. */
export function canAdministerDirectory(actor: Actor): boolean {
  return actor.kind === 'system' || hasPermission(actor, Permission.administerUsers);
}

export function assertCanAdministerDirectory(actor: Actor): void {
  if (!canAdministerDirectory(actor)) {
    throw new AppError(ErrorCode.FORBIDDEN, 'Only a system administrator can change agencies, teams and users');
  }
}
