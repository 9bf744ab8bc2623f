import type { Db } from '../database/transaction.ts';
import { type AuditEntry, GENESIS_HASH, hashAuditEntry, MAIN_CHAIN } from './audit-event.ts';

export interface ChainVerification {
  ok: boolean;
  checked: number;
  /** The first entry that is wrong, and why; absent when the chain is intact. */
  firstBad?: { seq: number; reason: string };
}

const PAGE_SIZE = 20_000;

export function toAuditEntry(row: {
  seq: number;
  occurred_at: Date;
  actor_user_id: string | null;
  actor_label: string;
  action: string;
  outcome: AuditEntry['outcome'];
  subject_type: string | null;
  subject_id: string | null;
  purpose: string | null;
  request_id: string | null;
  details: string;
  prev_hash: string;
  hash: string;
}): AuditEntry {
  return {
    seq: row.seq,
    occurredAt: row.occurred_at,
    actorUserId: row.actor_user_id,
    actorLabel: row.actor_label,
    action: row.action,
    outcome: row.outcome,
    subjectType: row.subject_type,
    subjectId: row.subject_id,
    purpose: row.purpose,
    requestId: row.request_id,
    details: row.details,
    prevHash: row.prev_hash,
    hash: row.hash,
  };
}

/**
 * Walks the whole chain in sequence order and recomputes every hash. It catches an edited column
 * (hash mismatch), a removed row (sequence gap), an inserted or reordered row (link mismatch) and a
 * truncated tail (the head no longer matches the last entry).
 */
export async function verifyAuditChain(db: Db): Promise<ChainVerification> {
  let expectedSeq = 1;
  let prevHash = GENESIS_HASH;
  let checked = 0;
  for (;;) {
    const rows = await db.selectFrom('audit_event').selectAll().where('seq', '>=', expectedSeq).orderBy('seq').limit(PAGE_SIZE).execute();
    for (const row of rows) {
      const entry = toAuditEntry(row);
      if (entry.seq !== expectedSeq) {
        return {
          ok: false,
          checked,
          firstBad: { seq: expectedSeq, reason: `entry ${expectedSeq} is missing (the next entry found is ${entry.seq})` },
        };
      }
      if (entry.prevHash !== prevHash) {
        return {
          ok: false,
          checked,
          firstBad: { seq: entry.seq, reason: 'it does not link to the entry before it (inserted, removed or reordered)' },
        };
      }
      if (hashAuditEntry(entry) !== entry.hash) {
        return { ok: false, checked, firstBad: { seq: entry.seq, reason: 'its contents do not match its hash (altered)' } };
      }
      prevHash = entry.hash;
      expectedSeq += 1;
      checked += 1;
    }
    if (rows.length < PAGE_SIZE) {
      break;
    }
  }
  const head = await db.selectFrom('audit_chain_head').select(['seq', 'hash']).where('chain', '=', MAIN_CHAIN).executeTakeFirst();
  if (!head || head.seq !== checked || head.hash !== prevHash) {
    return {
      ok: false,
      checked,
      firstBad: {
        seq: checked + 1,
        reason: `the chain head records ${head?.seq ?? 0} entries but ${checked} were found (entries removed from the end)`,
      },
    };
  }
  return { ok: true, checked };
}

/** Audit entries about one subject, newest first: the raw material of a record's access log. */
export async function listAuditEntriesForSubject(db: Db, subjectType: string, subjectId: string, limit = 200): Promise<AuditEntry[]> {
  const rows = await db
    .selectFrom('audit_event')
    .selectAll()
    .where('subject_type', '=', subjectType)
    .where('subject_id', '=', subjectId)
    .orderBy('seq', 'desc')
    .limit(limit)
    .execute();
  return rows.map(toAuditEntry);
}
