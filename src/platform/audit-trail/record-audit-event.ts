import type { Actor } from '../access/actor.ts';
import type { Clock } from '../clock.ts';
import type { Tx } from '../database/transaction.ts';
import { type AuditEntry, type AuditEventInput, auditHashMaterial, canonicalDetails, MAIN_CHAIN, sha256Hex } from './audit-event.ts';

/**
 * Appends events to the chain inside the caller's transaction, so an action and its audit commit
 * together or not at all. The chain head is row-locked until commit: appends are serialised, which
 * is the price of one total order (ARCHITECTURE.md describes splitting into chains per partition).
 */
export async function recordAuditEvents(tx: Tx, actor: Actor, clock: Clock, events: AuditEventInput[]): Promise<AuditEntry[]> {
  if (events.length === 0) {
    return [];
  }
  const head = await tx
    .selectFrom('audit_chain_head')
    .select(['seq', 'hash'])
    .where('chain', '=', MAIN_CHAIN)
    .forUpdate()
    .executeTakeFirstOrThrow();
  // Postgres keeps microseconds, JavaScript milliseconds: truncate so the stored value hashes the same on read.
  const occurredAt = new Date(clock.now().getTime());
  let seq = head.seq;
  let prevHash = head.hash;
  const occurredAtIso = occurredAt.toISOString();
  const entries: AuditEntry[] = events.map((event) => {
    seq += 1;
    const entry: AuditEntry = {
      seq,
      occurredAt,
      actorUserId: actor.userId,
      actorLabel: actor.label,
      action: event.action,
      outcome: event.outcome ?? 'allowed',
      subjectType: event.subjectType ?? null,
      subjectId: event.subjectId ?? null,
      purpose: event.purpose ?? null,
      requestId: actor.requestId ?? null,
      details: canonicalDetails(event.details),
      prevHash,
      hash: '',
    };
    entry.hash = sha256Hex(auditHashMaterial(entry, occurredAtIso));
    prevHash = entry.hash;
    return entry;
  });
  await tx
    .insertInto('audit_event')
    .values(
      entries.map((entry) => ({
        seq: entry.seq,
        occurred_at: entry.occurredAt,
        actor_user_id: entry.actorUserId,
        actor_label: entry.actorLabel,
        action: entry.action,
        outcome: entry.outcome,
        subject_type: entry.subjectType,
        subject_id: entry.subjectId,
        purpose: entry.purpose,
        request_id: entry.requestId,
        details: entry.details,
        prev_hash: entry.prevHash,
        hash: entry.hash,
      })),
    )
    .execute();
  await tx.updateTable('audit_chain_head').set({ seq, hash: prevHash }).where('chain', '=', MAIN_CHAIN).execute();
  return entries;
}

export function recordAuditEvent(tx: Tx, actor: Actor, clock: Clock, event: AuditEventInput): Promise<AuditEntry[]> {
  return recordAuditEvents(tx, actor, clock, [event]);
}
