import { createHash } from 'node:crypto';
import { configure } from 'safe-stable-stringify';
import type { Db } from '../database/transaction.ts';

/** How long a request may hold its key before a retry is told the outcome is unknown rather than "in progress". */
const LEASE_MS = 60_000;

const stableStringify = configure({ deterministic: true });

export function fingerprintRequest(method: string, url: string, body: unknown): string {
  return createHash('sha256')
    .update(`${method} ${url}\n`)
    .update(stableStringify(body ?? null) ?? 'null')
    .digest('hex');
}

export type ClaimOutcome =
  | { kind: 'claimed' }
  | { kind: 'replay'; status: number; headers: Record<string, string>; body: string }
  | { kind: 'mismatch' }
  | { kind: 'in_flight' };

/**
 * Claims an Idempotency-Key for one actor. The key lives in the same database as the work, and the
 * claim is one INSERT … ON CONFLICT DO NOTHING, so two concurrent retries cannot both proceed.
 */
export async function claimIdempotencyKey(
  db: Db,
  input: { actorKey: string; key: string; fingerprint: string; now: Date },
): Promise<ClaimOutcome> {
  const inserted = await db
    .insertInto('idempotency_key')
    .values({
      actor_key: input.actorKey,
      key: input.key,
      request_fingerprint: input.fingerprint,
      state: 'in_flight',
      response_status: null,
      response_headers: null,
      response_body: null,
      created_at: input.now,
      locked_until: new Date(input.now.getTime() + LEASE_MS),
    })
    .onConflict((oc) => oc.columns(['actor_key', 'key']).doNothing())
    .executeTakeFirst();
  if (Number(inserted.numInsertedOrUpdatedRows ?? 0) === 1) {
    return { kind: 'claimed' };
  }
  const existing = await db
    .selectFrom('idempotency_key')
    .selectAll()
    .where('actor_key', '=', input.actorKey)
    .where('key', '=', input.key)
    .executeTakeFirst();
  if (!existing) {
    // Deleted between our insert and select (the first attempt failed): let this one proceed next time.
    return { kind: 'in_flight' };
  }
  if (existing.request_fingerprint !== input.fingerprint) {
    return { kind: 'mismatch' };
  }
  if (existing.state === 'completed' && existing.response_status !== null) {
    return {
      kind: 'replay',
      status: existing.response_status,
      headers: JSON.parse(existing.response_headers ?? '{}') as Record<string, string>,
      body: existing.response_body ?? '',
    };
  }
  return { kind: 'in_flight' };
}

export async function completeIdempotencyKey(
  db: Db,
  input: { actorKey: string; key: string; status: number; headers: Record<string, string>; body: string },
): Promise<void> {
  await db
    .updateTable('idempotency_key')
    .set({ state: 'completed', response_status: input.status, response_headers: JSON.stringify(input.headers), response_body: input.body })
    .where('actor_key', '=', input.actorKey)
    .where('key', '=', input.key)
    .execute();
}

/** A failed attempt (server error) wrote nothing, so its key is released for an honest retry. */
export async function releaseIdempotencyKey(db: Db, input: { actorKey: string; key: string }): Promise<void> {
  await db.deleteFrom('idempotency_key').where('actor_key', '=', input.actorKey).where('key', '=', input.key).execute();
}
