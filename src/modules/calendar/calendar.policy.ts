import type { Actor } from '../../platform/access/actor.ts';
import { hasPermission, Permission } from '../../platform/access/permissions.ts';
import { AppError, ErrorCode } from '../../platform/errors.ts';

/**
 * The calendar is not case data: anyone signed in may read it. Changing it moves every statutory
 * clock in the partnership, so only a partnership administrator (or the operator's CLI) may.
 */
export function canConfigureCalendar(actor: Actor): boolean {
  return actor.kind === 'system' || hasPermission(actor, Permission.configurePartnership);
}

export function assertCanConfigureCalendar(actor: Actor): void {
  if (!canConfigureCalendar(actor)) {
    throw new AppError(ErrorCode.FORBIDDEN, 'Only a partnership administrator can change the calendar and its clocks');
  }
}
