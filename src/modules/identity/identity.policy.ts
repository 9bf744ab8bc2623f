import type { Actor } from '../../platform/access/actor.ts';
import { hasPermission, Permission } from '../../platform/access/permissions.ts';

/** Passwords and API tokens: your own, or anyone's if you administer users (or are start-up/CLI work). */
export function canManageCredentialsOf(actor: Actor, userId: string): boolean {
  return actor.kind === 'system' || actor.userId === userId || hasPermission(actor, Permission.administerUsers);
}
