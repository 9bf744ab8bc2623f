import type { Actor } from '../../platform/access/actor.ts';
import { hasPermission, Permission } from '../../platform/access/permissions.ts';
import { AppError, ErrorCode } from '../../platform/errors.ts';

/**
 * The model holds no one's details (only how often fields agree, and the commonest names), so
 * anyone signed in may read how scores are made. Replacing it changes every duplicate check and
 * the review queue, so only a partnership administrator or the operator's CLI may.
 */
export function canReadModel(actor: Actor): boolean {
  return actor.kind === 'system' || actor.partnershipId !== null;
}

export function assertCanChangeModel(actor: Actor): void {
  if (!(actor.kind === 'system' || hasPermission(actor, Permission.configurePartnership))) {
    throw new AppError(ErrorCode.FORBIDDEN, 'Only a partnership administrator can change the matching model');
  }
}
