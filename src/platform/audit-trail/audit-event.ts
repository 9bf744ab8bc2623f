import { hash } from 'node:crypto';
import { configure } from 'safe-stable-stringify';

export const GENESIS_HASH = '0'.repeat(64);
export const MAIN_CHAIN = 'main';
const DOMAIN_TAG = 'wholepicture/audit/v1';

export type AuditOutcome = 'allowed' | 'denied' | 'error';

/** What a service says happened. Identifiers and classifications only: never narrative or names. */
export interface AuditEventInput {
  /** `<module>.<what-happened>`, e.g. `person.viewed`, `user.signed-in`, `break-glass.started`. */
  action: string;
  outcome?: AuditOutcome;
  subjectType?: string;
  subjectId?: string;
  /** Why the record was opened: the access basis or the user's stated purpose. */
  purpose?: string;
  details?: Record<string, string | number | boolean | null | string[]>;
}

/** A stored audit row, as the verifier and the access-log pages read it. */
export interface AuditEntry {
  seq: number;
  occurredAt: Date;
  actorUserId: string | null;
  actorLabel: string;
  action: string;
  outcome: AuditOutcome;
  subjectType: string | null;
  subjectId: string | null;
  purpose: string | null;
  requestId: string | null;
  /** Canonical JSON text, hashed exactly as stored. */
  details: string;
  prevHash: string;
  hash: string;
}

const canonicalStringify = configure({ deterministic: true, bigint: false, circularValue: Error });

export function canonicalDetails(details: AuditEventInput['details']): string {
  return canonicalStringify(details ?? {}) ?? '{}';
}

/**
 * The exact text that is hashed: a JSON array of a domain tag and every stored column in a fixed
 * order, so editing any of them, or moving a row, breaks the chain. A JSON array gives an unambiguous
 * encoding without a canonicalisation library. The verifier builds it from text the database has
 * already formatted, so the timestamp arrives here as its ISO string.
 */
export function auditHashMaterial(entry: Omit<AuditEntry, 'hash' | 'occurredAt'> & { occurredAt: string | null }): string {
  return JSON.stringify([
    DOMAIN_TAG,
    entry.seq,
    entry.occurredAt,
    entry.actorUserId,
    entry.actorLabel,
    entry.action,
    entry.outcome,
    entry.subjectType,
    entry.subjectId,
    entry.purpose,
    entry.requestId,
    entry.details,
    entry.prevHash,
  ]);
}

export function sha256Hex(text: string): string {
  // The one-shot hash is about 2.5 times quicker than createHash for inputs this small, which verification feels.
  return hash('sha256', text, 'hex');
}

export function hashAuditEntry(entry: Omit<AuditEntry, 'hash'>): string {
  return sha256Hex(auditHashMaterial({ ...entry, occurredAt: entry.occurredAt.toISOString() }));
}
