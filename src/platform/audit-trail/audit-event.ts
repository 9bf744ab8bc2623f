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

const TAG_JSON = JSON.stringify(DOMAIN_TAG);

function json(value: string | null | undefined): string {
  return value === null || value === undefined ? 'null' : JSON.stringify(value);
}

/**
 * The exact text that is hashed: a JSON array of a domain tag and every stored column in a fixed
 * order, so editing any of them, or moving a row, breaks the chain. A JSON array gives an unambiguous
 * encoding without a canonicalisation library. The verifier builds it from text the database has
 * already formatted, so the timestamp arrives here as its ISO string.
 *
 * It is written out by hand because it runs for every event appended and verified: byte for byte it
 * is `JSON.stringify([DOMAIN_TAG, seq, occurredAt, …, prevHash])` (audit-trail.test.ts checks that on
 * random entries), at half the cost of building and serialising the array.
 */
export function auditHashMaterial(entry: Omit<AuditEntry, 'hash' | 'occurredAt'>, occurredAt: string | null): string {
  return `[${TAG_JSON},${Number.isFinite(entry.seq) ? entry.seq : 'null'},${json(occurredAt)},${json(entry.actorUserId)},${json(
    entry.actorLabel,
  )},${json(entry.action)},${json(entry.outcome)},${json(entry.subjectType)},${json(entry.subjectId)},${json(entry.purpose)},${json(
    entry.requestId,
  )},${json(entry.details)},${json(entry.prevHash)}]`;
}

export function sha256Hex(text: string): string {
  // The one-shot hash is about 2.5 times quicker than createHash for inputs this small, which verification feels.
  return hash('sha256', text, 'hex');
}
