import type { Actor } from '../../platform/access/actor.ts';
import { hasPermission, Permission } from '../../platform/access/permissions.ts';
import { AppError, ErrorCode } from '../../platform/errors.ts';

/**
 * Who may resolve duplicates. A role with the permission (MASH officers, team managers) is
 * necessary; which pairs they see and may merge is then decided per record by personVisibleTo,
 * applied inside the queue's query: a reviewer must be able to see both records, so a restricted
 * record is never shown beside, or merged with, another without an explicit grant to it.
 * The system (the CLI, the automatic link) acts on the whole register but never merges a
 * restricted record on its own.
 */
export function canResolveDuplicates(actor: Actor): boolean {
  return (
    actor.kind === 'user' && actor.userId !== null && actor.partnershipId !== null && hasPermission(actor, Permission.resolveDuplicates)
  );
}

export function assertCanResolveDuplicates(actor: Actor): void {
  if (!canResolveDuplicates(actor)) {
    throw new AppError(ErrorCode.FORBIDDEN, 'Only a MASH officer or a team manager can review duplicate records');
  }
}

/** A scan reads every record of a partnership to compare them: the operator's CLI, or a reviewer for their own partnership. */
export function assertCanScan(actor: Actor, partnershipId: string): void {
  if (actor.kind === 'system') {
    return;
  }
  if (!canResolveDuplicates(actor) || actor.partnershipId !== partnershipId) {
    throw new AppError(ErrorCode.FORBIDDEN, 'Only a MASH officer or a team manager can look for duplicate records in their partnership');
  }
}

/** Automatic merges skip restricted records: a person with a grant decides those. */
export function mayLinkAutomatically(a: { isRestricted: boolean }, b: { isRestricted: boolean }): boolean {
  return !a.isRestricted && !b.isRestricted;
}

/** The tables a merge never re-points: the audit trail and history keep what was true of each record, and the queue its own. */
export const TABLES_NOT_REPOINTED = [
  'audit_event',
  'person_change',
  'break_glass',
  'duplicate_candidate',
  'person_merge',
  'person_merge_row',
  'person',
];

/**
 * Rows the survivor already has an equivalent of stay with the shell (and are recorded so), so a
 * merge never leaves a child twice in one household or a relationship recorded twice.
 */
export const SAME_AS_SURVIVOR: Readonly<Record<string, readonly string[]>> = {
  'household_member.person_id': ['household_id'],
  'relationship.person_id': ['related_person_id', 'kind'],
  'relationship.related_person_id': ['person_id', 'kind'],
  'referral_subject.person_id': ['referral_id'],
  'contact_subject.person_id': ['contact_id'],
};
