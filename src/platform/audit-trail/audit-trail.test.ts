import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import fc from 'fast-check';
import { sql } from 'kysely';
import { createTestContext, type TestContext } from '../../testing/test-context.ts';
import { systemActor } from '../access/actor.ts';
import { withTransaction } from '../database/transaction.ts';
import { auditHashMaterial } from './audit-event.ts';
import { recordAuditEvent } from './record-audit-event.ts';
import { verifyAuditChain } from './verify-chain.ts';

/** What a tamperer with database access does: switch off the append-only guard, then edit. */
async function tamper(context: TestContext, statements: ReturnType<typeof sql>[]): Promise<void> {
  await withTransaction(context.handle.db, async (tx) => {
    await sql`alter table audit_event disable trigger audit_event_no_update_or_delete`.execute(tx);
    for (const statement of statements) {
      await statement.execute(tx);
    }
    await sql`alter table audit_event enable trigger audit_event_no_update_or_delete`.execute(tx);
  });
}

describe('The audit trail is append-only and tamper-evident', () => {
  let context: TestContext;

  before(async () => {
    context = await createTestContext();
  });
  after(() => context.close());

  it('the seeded Northshire history verifies', async () => {
    const result = await verifyAuditChain(context.handle.db);
    assert.equal(result.ok, true);
    assert.ok(result.checked > 20);
  });

  it('the application cannot update, delete or truncate audit rows', async () => {
    for (const statement of [
      sql`update audit_event set action = 'x' where seq = 1`,
      sql`delete from audit_event where seq = 1`,
      sql`truncate audit_event`,
    ]) {
      await assert.rejects(statement.execute(context.handle.db), /append-only/);
    }
    assert.equal((await verifyAuditChain(context.handle.db)).ok, true);
  });

  it('an action and its audit event commit together or not at all', async () => {
    const before = await verifyAuditChain(context.handle.db);
    await assert.rejects(
      withTransaction(context.handle.db, async (tx) => {
        await recordAuditEvent(tx, systemActor('test'), context.clock, { action: 'test.written' });
        throw new Error('the write after the audit failed');
      }),
    );
    const afterwards = await verifyAuditChain(context.handle.db);
    assert.equal(afterwards.checked, before.checked);
  });
});

describe('Every kind of tampering is caught and the first bad entry named', () => {
  it('edits, deletions, insertions, reorderings and truncations, chosen at random', async () => {
    const context = await createTestContext({ seed: false });
    try {
      const actor = systemActor('test');
      await withTransaction(context.handle.db, async (tx) => {
        for (let index = 0; index < 12; index += 1) {
          await recordAuditEvent(tx, actor, context.clock, {
            action: 'person.viewed',
            subjectType: 'person',
            subjectId: `subject-${index}`,
            details: { n: index },
          });
        }
      });
      const total = (await verifyAuditChain(context.handle.db)).checked;
      const column = fc.constantFrom(
        'action',
        'actor_label',
        'subject_id',
        'purpose',
        'details',
        'occurred_at',
        'outcome',
        'hash',
        'prev_hash',
      );
      const attack = fc.oneof(
        fc.record({ kind: fc.constant('edit' as const), seq: fc.integer({ min: 1, max: total }), column }),
        fc.record({ kind: fc.constant('delete' as const), seq: fc.integer({ min: 1, max: total - 1 }) }),
        fc.record({ kind: fc.constant('swap' as const), seq: fc.integer({ min: 1, max: total - 1 }) }),
        fc.record({ kind: fc.constant('insert' as const), seq: fc.integer({ min: 1, max: total }) }),
        fc.record({ kind: fc.constant('truncate' as const), keep: fc.integer({ min: 1, max: total - 1 }) }),
      );
      await fc.assert(
        fc.asyncProperty(attack, async (a) => {
          // Each attack runs in a transaction that is rolled back, so the next starts from the clean chain.
          const verdict = await context.handle.db
            .transaction()
            .execute(async (tx) => {
              await sql`alter table audit_event disable trigger audit_event_no_update_or_delete`.execute(tx);
              let expectedSeq: number;
              switch (a.kind) {
                case 'edit': {
                  const value =
                    a.column === 'occurred_at'
                      ? sql`occurred_at + interval '1 second'`
                      : a.column === 'outcome'
                        ? sql`case when outcome = 'allowed' then 'denied' else 'allowed' end`
                        : sql`coalesce(${sql.ref(a.column)}, '') || 'x'`;
                  await sql`update audit_event set ${sql.ref(a.column)} = ${value} where seq = ${a.seq}`.execute(tx);
                  expectedSeq = a.seq;
                  break;
                }
                case 'delete':
                  await sql`delete from audit_event where seq = ${a.seq}`.execute(tx);
                  expectedSeq = a.seq;
                  break;
                case 'swap':
                  // Move two rows' contents past each other, keeping the sequence numbers in place.
                  await sql`update audit_event set seq = -1 where seq = ${a.seq}`.execute(tx);
                  await sql`update audit_event set seq = ${a.seq} where seq = ${a.seq + 1}`.execute(tx);
                  await sql`update audit_event set seq = ${a.seq + 1} where seq = -1`.execute(tx);
                  expectedSeq = a.seq;
                  break;
                case 'insert':
                  // A forged row slipped in with a valid-looking hash of its own, shifting the rest along.
                  await sql`update audit_event set seq = seq + 1000 where seq >= ${a.seq}`.execute(tx);
                  await sql`update audit_event set seq = seq - 999 where seq >= ${a.seq + 1000}`.execute(tx);
                  await sql`insert into audit_event select ${a.seq}, occurred_at, actor_user_id, actor_label, 'forged', outcome, subject_type, subject_id, purpose, request_id, details, prev_hash, hash from audit_event where seq = ${a.seq + 1}`.execute(
                    tx,
                  );
                  expectedSeq = a.seq;
                  break;
                case 'truncate':
                  await sql`delete from audit_event where seq > ${a.keep}`.execute(tx);
                  expectedSeq = a.keep + 1;
                  break;
              }
              const result = await verifyAuditChain(tx);
              throw Object.assign(new Error('rollback'), { result, expectedSeq });
            })
            .catch((error: { result?: Awaited<ReturnType<typeof verifyAuditChain>>; expectedSeq?: number }) => error);
          assert.ok(verdict.result, 'the attack ran');
          assert.equal(verdict.result.ok, false, `${JSON.stringify(a)} went unnoticed`);
          assert.equal(verdict.result.firstBad?.seq, verdict.expectedSeq, JSON.stringify(a));
        }),
        { numRuns: Number(process.env.PROPERTY_RUNS ?? 150) },
      );
      assert.equal((await verifyAuditChain(context.handle.db)).ok, true, 'the real chain was never changed');
      await tamper(context, [sql`update audit_event set purpose = 'edited by hand' where seq = 5`]);
      assert.deepEqual((await verifyAuditChain(context.handle.db)).firstBad?.seq, 5);
    } finally {
      await context.close();
    }
  });
});

describe('The hashed text of an entry is stable', () => {
  it('is exactly the JSON array of the tag and every column, so chains written by earlier versions still verify', () => {
    const text = fc.option(fc.string({ unit: 'binary' }), { nil: null });
    fc.assert(
      fc.property(
        fc.record({
          seq: fc.integer({ min: 1, max: Number.MAX_SAFE_INTEGER }),
          occurredAt: text,
          actorUserId: text,
          actorLabel: fc.string({ unit: 'binary' }),
          action: fc.string(),
          outcome: fc.constantFrom('allowed' as const, 'denied' as const, 'error' as const),
          subjectType: text,
          subjectId: text,
          purpose: text,
          requestId: text,
          details: fc.json(),
          prevHash: fc.string(),
        }),
        (entry) => {
          const { occurredAt, ...rest } = entry;
          const asArray = JSON.stringify([
            'wholepicture/audit/v1',
            entry.seq,
            occurredAt,
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
          assert.equal(auditHashMaterial(rest, occurredAt), asArray);
        },
      ),
      { numRuns: 500 },
    );
  });
});
