import type { Actor } from '../access/actor.ts';
import type { Clock } from '../clock.ts';
import { beforeCommit, type Tx } from '../database/transaction.ts';
import { type AuditEntry, type AuditEventInput, auditHashMaterial, canonicalDetails, MAIN_CHAIN, sha256Hex } from './audit-event.ts';

interface PendingEvent {
  actor: Actor;
  event: AuditEventInput;
}

const pending = new WeakMap<Tx, PendingEvent[]>();

/**
 * Records events in the caller's transaction, so an action and its audit commit together or not at
 * all. The chain head is row-locked from the append until commit, so appends are serialised — the price
 * of one total order. To keep that lock as short as possible, inside `withTransaction` the events wait
 * and are chained as the transaction's last statements, just before it commits: a referral that writes
 * ten rows holds the head for two statements, not ten.
 */
export async function recordAuditEvents(tx: Tx, actor: Actor, clock: Clock, events: AuditEventInput[]): Promise<void> {
  if (events.length === 0) {
    return;
  }
  const queued = pending.get(tx);
  if (queued) {
    queued.push(...events.map((event) => ({ actor, event })));
    return;
  }
  const items = events.map((event) => ({ actor, event }));
  const deferred = beforeCommit(tx, async () => {
    pending.delete(tx);
    await appendToChain(tx, clock, items);
  });
  if (deferred) {
    pending.set(tx, items);
    return;
  }
  await appendToChain(tx, clock, items);
}

/** Chains events onto the head now, returning them as stored. */
export async function appendToChain(tx: Tx, clock: Clock, items: PendingEvent[]): Promise<AuditEntry[]> {
  if (items.length === 0) {
    return [];
  }
  // Every round trip from here to commit is made holding the head's row lock, so there are two: this
  // update (which takes the lock and claims the sequence numbers) and one statement for rows and hash.
  const claimed = await tx
    .updateTable('audit_chain_head')
    .set((eb) => ({ seq: eb('seq', '+', items.length) }))
    .where('chain', '=', MAIN_CHAIN)
    .returning(['seq', 'hash'])
    .executeTakeFirstOrThrow();
  const head = { seq: claimed.seq - items.length, hash: claimed.hash };
  // Postgres keeps microseconds, JavaScript milliseconds: truncate so the stored value hashes the same on read.
  const occurredAt = new Date(clock.now().getTime());
  let seq = head.seq;
  let prevHash = head.hash;
  const occurredAtIso = occurredAt.toISOString();
  const entries: AuditEntry[] = items.map(({ actor, event }) => {
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
    .with('appended', (db) =>
      db
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
        .returning('seq'),
    )
    .updateTable('audit_chain_head')
    .set({ hash: prevHash })
    .where('chain', '=', MAIN_CHAIN)
    .execute();
  return entries;
}

export function recordAuditEvent(tx: Tx, actor: Actor, clock: Clock, event: AuditEventInput): Promise<void> {
  return recordAuditEvents(tx, actor, clock, [event]);
}
