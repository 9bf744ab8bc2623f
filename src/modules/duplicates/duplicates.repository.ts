import { type Expression, type ExpressionBuilder, type Selectable, type SqlBool, sql } from 'kysely';
import type { Actor } from '../../platform/access/actor.ts';
import type { Database } from '../../platform/database/tables.ts';
import type { Db, Tx } from '../../platform/database/transaction.ts';
import { newId } from '../../platform/ids.ts';
import { personVisibleTo } from '../access/index.ts';
import type { Guard, MatchInput, PairScore } from '../matching/index.ts';
import { SAME_AS_SURVIVOR, TABLES_NOT_REPOINTED } from './duplicates.policy.ts';
import type { CandidateStatus, DuplicateCandidate, FoundBy, MergeRowCount, QueueFilter } from './duplicates.schema.ts';
import type { DuplicateCandidateTable, PersonMergeTable } from './duplicates.tables.ts';

type Executor = Db | Tx;

/**
 * The queue, the merges and their ledger. A merge is the one operation in the system that touches
 * every table referring to a person, so this file reads the catalog for those tables and moves
 * their rows by primary key; the queue's reads apply personVisibleTo to both records of a pair.
 */

// ─── People facts ───────────────────────────────────────────────────────────────────────────────

export interface PersonFacts {
  id: string;
  partnershipId: string;
  isRestricted: boolean;
  restrictionReason: string | null;
  mergedIntoId: string | null;
  createdAt: Date;
}

function toFacts(row: {
  id: string;
  partnership_id: string;
  is_restricted: boolean;
  restriction_reason: string | null;
  merged_into_id: string | null;
  created_at: Date;
}): PersonFacts {
  return {
    id: row.id,
    partnershipId: row.partnership_id,
    isRestricted: row.is_restricted,
    restrictionReason: row.restriction_reason,
    mergedIntoId: row.merged_into_id,
    createdAt: row.created_at,
  };
}

const FACT_COLUMNS = ['id', 'partnership_id', 'is_restricted', 'restriction_reason', 'merged_into_id', 'created_at'] as const;

/** Facts about records with no access filter: used to decide, never shown. `lock` holds the rows until the merge commits. */
export async function unsafePersonFacts(db: Executor, ids: readonly string[], lock = false): Promise<Map<string, PersonFacts>> {
  if (ids.length === 0) {
    return new Map();
  }
  let query = db
    .selectFrom('person')
    .select([...FACT_COLUMNS])
    .where('id', 'in', [...ids])
    .orderBy('id');
  if (lock) {
    query = query.forUpdate();
  }
  return new Map((await query.execute()).map((row) => [row.id, toFacts(row)]));
}

/** Every record of a partnership's restriction, merge and age, for a scan. */
export async function unsafePartnershipFacts(db: Executor, partnershipId: string): Promise<Map<string, PersonFacts>> {
  const rows = await db
    .selectFrom('person')
    .select([...FACT_COLUMNS])
    .where('partnership_id', '=', partnershipId)
    .execute();
  return new Map(rows.map((row) => [row.id, toFacts(row)]));
}

/** Which of these records the actor may see now. */
export async function visibleIds(db: Executor, actor: Actor, now: Date, ids: readonly string[]): Promise<Set<string>> {
  if (ids.length === 0) {
    return new Set();
  }
  const rows = await db
    .selectFrom('person')
    .select('person.id')
    .where('person.id', 'in', [...ids])
    .where(personVisibleTo(actor, now))
    .execute();
  return new Set(rows.map((row) => row.id));
}

/** Where a merged record's rows went, following merges of merges; undefined for a record never merged. */
export async function unsafeSurvivorOf(db: Executor, personId: string): Promise<string | undefined> {
  let current = personId;
  for (let depth = 0; depth < 20; depth += 1) {
    const row = await db.selectFrom('person').select('merged_into_id').where('id', '=', current).executeTakeFirst();
    if (!row?.merged_into_id) {
      return current === personId ? undefined : current;
    }
    current = row.merged_into_id;
  }
  return current;
}

// ─── Relationships: people recorded as related are different people ────────────────────────────

export function pairKey(a: string, b: string): string {
  return a < b ? `${a}|${b}` : `${b}|${a}`;
}

export async function relatedPairs(db: Executor, partnershipId: string): Promise<Set<string>> {
  const rows = await db
    .selectFrom('relationship')
    .select(['person_id', 'related_person_id'])
    .where('partnership_id', '=', partnershipId)
    .execute();
  return new Set(rows.map((row) => pairKey(row.person_id, row.related_person_id)));
}

export async function areRelated(db: Executor, a: string, b: string): Promise<boolean> {
  const row = await db
    .selectFrom('relationship')
    .select('id')
    .where((eb) =>
      eb.or([
        eb.and([eb('person_id', '=', a), eb('related_person_id', '=', b)]),
        eb.and([eb('person_id', '=', b), eb('related_person_id', '=', a)]),
      ]),
    )
    .executeTakeFirst();
  return row !== undefined;
}

// ─── Candidates ─────────────────────────────────────────────────────────────────────────────────

type CandidateRow = Selectable<DuplicateCandidateTable> & { merge_id: string | null };

function toCandidate(row: CandidateRow, guardWords: (guard: string | null) => string | null): DuplicateCandidate {
  const evidence = JSON.parse(row.evidence) as PairScore;
  return {
    id: row.id,
    partnershipId: row.partnership_id,
    personAId: row.person_a_id,
    personBId: row.person_b_id,
    probability: row.probability,
    weight: row.weight,
    decision: row.decision as PairScore['decision'],
    guard: (row.guard as Guard | null) ?? null,
    guardWords: guardWords(row.guard),
    summary: evidence.summary,
    evidence,
    snapshot: JSON.parse(row.snapshot) as { a: MatchInput; b: MatchInput },
    status: row.status as CandidateStatus,
    foundBy: row.found_by as FoundBy,
    foundAt: row.found_at,
    scoredAt: row.scored_at,
    decidedByLabel: row.decided_by_label,
    decidedAt: row.decided_at,
    reason: row.reason,
    mergeId: row.merge_id,
    version: row.version,
  };
}

/**
 * Both records of the pair, or the records their shells were merged into, must be visible to the
 * actor: a reviewer never learns of a record they could not open.
 */
function bothVisible(actor: Actor, now: Date) {
  const side = (eb: ExpressionBuilder<Database, 'duplicate_candidate'>, column: 'person_a_id' | 'person_b_id') =>
    eb.exists(
      eb
        .selectFrom('person')
        .select(sql`1`.as('one'))
        .where(
          'person.id',
          '=',
          sql<string>`(select coalesce(shell.merged_into_id, shell.id) from person shell where shell.id = ${sql.ref(`duplicate_candidate.${column}`)})`,
        )
        .where((inner) => personVisibleTo(actor, now)(inner as unknown as ExpressionBuilder<Database, 'person'>)),
    );
  return (eb: ExpressionBuilder<Database, 'duplicate_candidate'>): Expression<SqlBool> =>
    eb.and([eb('duplicate_candidate.partnership_id', '=', actor.partnershipId ?? ''), side(eb, 'person_a_id'), side(eb, 'person_b_id')]);
}

function candidateQuery(db: Executor) {
  return db
    .selectFrom('duplicate_candidate')
    .selectAll('duplicate_candidate')
    .select((eb) =>
      eb
        .selectFrom('person_merge')
        .select('person_merge.id')
        .whereRef('person_merge.candidate_id', '=', 'duplicate_candidate.id')
        .orderBy('person_merge.merged_at', 'desc')
        .limit(1)
        .as('merge_id'),
    );
}

const FILTER_STATUSES: Record<QueueFilter, CandidateStatus[]> = {
  open: ['open'],
  linked: ['linked'],
  decided: ['confirmed', 'rejected', 'withdrawn'],
  confirmed: ['confirmed'],
  rejected: ['rejected'],
  withdrawn: ['withdrawn'],
};

export async function listVisibleCandidates(
  db: Executor,
  actor: Actor,
  now: Date,
  filter: { status: QueueFilter; page: number; pageSize: number },
  guardWords: (guard: string | null) => string | null,
): Promise<{ items: DuplicateCandidate[]; total: number; counts: Record<'open' | 'linked' | 'decided', number> }> {
  const rows = await candidateQuery(db)
    .where(bothVisible(actor, now))
    .where('duplicate_candidate.status', 'in', FILTER_STATUSES[filter.status])
    .orderBy(filter.status === 'open' ? 'duplicate_candidate.probability' : 'duplicate_candidate.decided_at', 'desc')
    .orderBy('duplicate_candidate.id')
    .limit(filter.pageSize)
    .offset((filter.page - 1) * filter.pageSize)
    .execute();
  const countRows = await db
    .selectFrom('duplicate_candidate')
    .select(['duplicate_candidate.status', (eb) => eb.fn.countAll<string>().as('count')])
    .where(bothVisible(actor, now))
    .groupBy('duplicate_candidate.status')
    .execute();
  const byStatus = new Map(countRows.map((row) => [row.status, Number(row.count)]));
  const sum = (statuses: CandidateStatus[]) => statuses.reduce((total, status) => total + (byStatus.get(status) ?? 0), 0);
  return {
    items: rows.map((row) => toCandidate(row, guardWords)),
    total: sum(FILTER_STATUSES[filter.status]),
    counts: { open: sum(['open']), linked: sum(['linked']), decided: sum(FILTER_STATUSES.decided) },
  };
}

export async function findVisibleCandidate(
  db: Executor,
  actor: Actor,
  now: Date,
  id: string,
  guardWords: (guard: string | null) => string | null,
  lock = false,
): Promise<DuplicateCandidate | undefined> {
  let query = candidateQuery(db).where('duplicate_candidate.id', '=', id).where(bothVisible(actor, now));
  if (lock) {
    query = query.forUpdate();
  }
  const row = await query.executeTakeFirst();
  return row ? toCandidate(row, guardWords) : undefined;
}

/** With no access filter: for the system's own decisions (the scan and its automatic links). */
export async function unsafeFindCandidate(
  db: Executor,
  id: string,
  guardWords: (guard: string | null) => string | null,
): Promise<DuplicateCandidate | undefined> {
  const row = await candidateQuery(db).where('duplicate_candidate.id', '=', id).executeTakeFirst();
  return row ? toCandidate(row, guardWords) : undefined;
}

export interface KnownPair {
  id: string;
  status: CandidateStatus;
}

export async function candidatesOfPartnership(db: Executor, partnershipId: string): Promise<Map<string, KnownPair>> {
  const rows = await db
    .selectFrom('duplicate_candidate')
    .select(['id', 'person_a_id', 'person_b_id', 'status'])
    .where('partnership_id', '=', partnershipId)
    .execute();
  return new Map(rows.map((row) => [pairKey(row.person_a_id, row.person_b_id), { id: row.id, status: row.status as CandidateStatus }]));
}

export interface ScoredPair {
  partnershipId: string;
  personAId: string;
  personBId: string;
  score: PairScore;
  snapshot: { a: MatchInput; b: MatchInput };
}

/** The columns a scoring writes, at detection and at every rescoring. */
function scoreColumns(pair: ScoredPair) {
  return {
    probability: pair.score.probability,
    weight: pair.score.weight,
    decision: pair.score.decision,
    guard: pair.score.guard ?? null,
    evidence: JSON.stringify(pair.score),
    snapshot: JSON.stringify(pair.snapshot),
  };
}

export async function insertCandidate(tx: Tx, id: string, pair: ScoredPair, foundBy: FoundBy, now: Date): Promise<void> {
  await tx
    .insertInto('duplicate_candidate')
    .values({
      id,
      partnership_id: pair.partnershipId,
      person_a_id: pair.personAId,
      person_b_id: pair.personBId,
      ...scoreColumns(pair),
      status: 'open',
      found_by: foundBy,
      found_at: now,
      scored_at: now,
      decided_by: null,
      decided_by_label: null,
      decided_at: null,
      reason: null,
    })
    .execute();
}

/** A pair scored again: its evidence is brought up to date, and a withdrawn pair goes back in the queue. */
export async function rescoreCandidate(tx: Tx, id: string, pair: ScoredPair, now: Date): Promise<void> {
  await tx
    .updateTable('duplicate_candidate')
    .set((eb) => ({
      ...scoreColumns(pair),
      status: 'open',
      scored_at: now,
      decided_by: null,
      decided_by_label: null,
      decided_at: null,
      reason: null,
      version: eb('version', '+', 1),
    }))
    .where('id', '=', id)
    .where('status', 'in', ['open', 'withdrawn'])
    .execute();
}

export async function decideCandidate(
  tx: Tx,
  id: string,
  decision: {
    status: CandidateStatus;
    actor: Actor;
    at: Date;
    reason: string;
    snapshot?: { a: MatchInput; b: MatchInput } | undefined;
  },
): Promise<void> {
  await tx
    .updateTable('duplicate_candidate')
    .set((eb) => ({
      status: decision.status,
      decided_by: decision.actor.userId,
      decided_by_label: decision.actor.label,
      decided_at: decision.at,
      reason: decision.reason,
      ...(decision.snapshot ? { snapshot: JSON.stringify(decision.snapshot) } : {}),
      version: eb('version', '+', 1),
    }))
    .where('id', '=', id)
    .execute();
}

/** Open pairs that name a record just merged away are settled by the merge: the next scan pairs the survivor instead. */
export async function withdrawOpenCandidatesOf(tx: Tx, personId: string, actor: Actor, at: Date, reason: string): Promise<string[]> {
  const rows = await tx
    .updateTable('duplicate_candidate')
    .set((eb) => ({
      status: 'withdrawn',
      decided_by: actor.userId,
      decided_by_label: actor.label,
      decided_at: at,
      reason,
      version: eb('version', '+', 1),
    }))
    .where('status', '=', 'open')
    .where((eb) => eb.or([eb('person_a_id', '=', personId), eb('person_b_id', '=', personId)]))
    .returning('id')
    .execute();
  return rows.map((row) => row.id);
}

/** Decisions a person made, with the records as they were read, for training. */
export async function decidedSnapshots(
  db: Executor,
  partnershipId: string,
): Promise<{ status: CandidateStatus; snapshot: { a: MatchInput; b: MatchInput } }[]> {
  const rows = await db
    .selectFrom('duplicate_candidate')
    .select(['status', 'snapshot'])
    .where('partnership_id', '=', partnershipId)
    .where('status', 'in', ['confirmed', 'rejected'])
    .where('decided_by', 'is not', null)
    .execute();
  return rows.map((row) => ({ status: row.status as CandidateStatus, snapshot: JSON.parse(row.snapshot) }));
}

// ─── Merges ─────────────────────────────────────────────────────────────────────────────────────

export interface ReferencingColumn {
  table: string;
  column: string;
  primaryKey: string[];
}

/**
 * Every (table, column) with a foreign key to person(id), from the catalog, so a module added later
 * is covered without anyone remembering to list it. Works the same on PGlite and PostgreSQL.
 */
export async function referencingColumns(db: Executor): Promise<ReferencingColumn[]> {
  const result = await sql<{ table_name: string; column_name: string; primary_key: string | null }>`
    select cl.relname::text as table_name, att.attname::text as column_name,
      (select string_agg(pa.attname::text, ',' order by pa.attnum)
         from pg_index pi join pg_attribute pa on pa.attrelid = pi.indrelid and pa.attnum = any(pi.indkey)
        where pi.indrelid = con.conrelid and pi.indisprimary) as primary_key
    from pg_constraint con
    join pg_class cl on cl.oid = con.conrelid
    join pg_attribute att on att.attrelid = con.conrelid and att.attnum = con.conkey[1]
    where con.contype = 'f' and con.confrelid = 'person'::regclass and cardinality(con.conkey) = 1
    order by 1, 2`.execute(db);
  return result.rows
    .filter((row) => !TABLES_NOT_REPOINTED.includes(row.table_name))
    .map((row) => {
      if (!row.primary_key) {
        // Without a key a moved row could not be found again to move it back.
        throw new Error(`${row.table_name} refers to person but has no primary key, so a merge could not be undone`);
      }
      return { table: row.table_name, column: row.column_name, primaryKey: row.primary_key.split(',') };
    });
}

/** How many rows refer to a person, across every referencing table: the fuller record is the better survivor. */
export async function attachedRowCount(db: Executor, personId: string): Promise<number> {
  let total = 0;
  for (const ref of await referencingColumns(db)) {
    const result = await sql<{
      n: number;
    }>`select count(*)::int as n from ${sql.table(ref.table)} as t where ${sql.ref(`t.${ref.column}`)} = ${personId}`.execute(db);
    total += Number(result.rows[0]?.n ?? 0);
  }
  return total;
}

/** Lets the append-only chronology accept a change of person (and nothing else) for this transaction only. */
export async function allowPersonRepoint(tx: Tx, from: string, to: string): Promise<void> {
  await sql`select set_config('wholepicture.person_merge', ${`${from},${to}`}, true)`.execute(tx);
}

export async function endPersonRepoint(tx: Tx): Promise<void> {
  await sql`select set_config('wholepicture.person_merge', '', true)`.execute(tx);
}

type RowKey = Record<string, string>;

function keyColumns(ref: ReferencingColumn): string[] {
  return ref.primaryKey.filter((column) => column !== ref.column);
}

function keyMatches(alias: string, key: RowKey) {
  const entries = Object.entries(key);
  return entries.length === 0
    ? sql`true`
    : sql.join(
        entries.map(([column, value]) => sql`${sql.ref(`${alias}.${column}`)}::text = ${value}`),
        sql` and `,
      );
}

const CONSTRAINT_VIOLATIONS = new Set(['23505', '23514', '23P01']);

function isConstraintViolation(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && CONSTRAINT_VIOLATIONS.has(code);
}

/** Runs `work` in a savepoint; a constraint violation undoes just that work and answers false. */
async function attempt(tx: Tx, name: string, work: () => Promise<unknown>): Promise<boolean> {
  await sql.raw(`savepoint ${name}`).execute(tx);
  try {
    await work();
    await sql.raw(`release savepoint ${name}`).execute(tx);
    return true;
  } catch (error) {
    await sql.raw(`rollback to savepoint ${name}`).execute(tx);
    if (isConstraintViolation(error)) {
      return false;
    }
    throw error;
  }
}

/**
 * Moves one column's rows from the merged record to the survivor. A row the survivor already has an
 * equivalent of, or one that would break a unique index or a check, stays with the shell.
 */
export async function moveRows(
  tx: Tx,
  ref: ReferencingColumn,
  mergedId: string,
  survivorId: string,
): Promise<{ moved: RowKey[]; kept: RowKey[] }> {
  const columns = keyColumns(ref);
  const table = sql.table(ref.table);
  const column = sql.ref(`t.${ref.column}`);
  const sameAs = SAME_AS_SURVIVOR[`${ref.table}.${ref.column}`];
  const conflict = sameAs
    ? sql`exists (select 1 from ${table} as other where ${sql.ref(`other.${ref.column}`)} = ${survivorId} and ${sql.join(
        sameAs.map((name) => sql`${sql.ref(`other.${name}`)} is not distinct from ${sql.ref(`t.${name}`)}`),
        sql` and `,
      )})`
    : sql`false`;
  const selectKey =
    columns.length > 0 ? sql.join(columns.map((name) => sql`${sql.ref(`t.${name}`)}::text as ${sql.id(name)}`)) : sql`1 as one`;
  const rows = await sql<RowKey & { conflict: boolean; one?: number }>`
    select ${selectKey}, ${conflict} as conflict from ${table} as t where ${column} = ${mergedId}`.execute(tx);
  const keyOf = (row: RowKey & { conflict: boolean }): RowKey => Object.fromEntries(columns.map((name) => [name, String(row[name])]));
  const kept = rows.rows.filter((row) => row.conflict).map(keyOf);
  const candidates = rows.rows.filter((row) => !row.conflict).map(keyOf);
  if (candidates.length === 0) {
    return { moved: [], kept };
  }
  const moveAll = () =>
    sql`update ${table} as t set ${sql.id(ref.column)} = ${survivorId} where ${column} = ${mergedId} and not ${conflict}`.execute(tx);
  if (await attempt(tx, 'merge_move_all', moveAll)) {
    return { moved: candidates, kept };
  }
  const moved: RowKey[] = [];
  for (const key of candidates) {
    const ok = await attempt(tx, 'merge_move_one', () =>
      sql`update ${table} as t set ${sql.id(ref.column)} = ${survivorId} where ${column} = ${mergedId} and ${keyMatches('t', key)}`.execute(
        tx,
      ),
    );
    (ok ? moved : kept).push(key);
  }
  return { moved, kept };
}

/** Moves one ledger row back; false when it is no longer where the merge put it. */
export async function moveRowBack(
  tx: Tx,
  table: string,
  column: string,
  key: RowKey,
  survivorId: string,
  mergedId: string,
): Promise<boolean> {
  const result = await sql`update ${sql.table(table)} as t set ${sql.id(column)} = ${mergedId}
    where ${sql.ref(`t.${column}`)} = ${survivorId} and ${keyMatches('t', key)}`.execute(tx);
  return Number(result.numAffectedRows ?? 0) > 0;
}

/** The merged record's legal name becomes an alias of the survivor; the ledger keeps its original kind. */
export async function legalNameToAlias(tx: Tx, personId: string): Promise<string[]> {
  const rows = await tx
    .updateTable('person_name')
    .set({ kind: 'alias' })
    .where('person_id', '=', personId)
    .where('kind', '=', 'legal')
    .returning('id')
    .execute();
  return rows.map((row) => row.id);
}

export async function restoreNameKind(tx: Tx, nameId: string, kind: string): Promise<void> {
  await tx.updateTable('person_name').set({ kind }).where('id', '=', nameId).execute();
}

export async function setMergedInto(tx: Tx, personId: string, survivorId: string | null, now: Date): Promise<void> {
  await tx
    .updateTable('person')
    .set((eb) => ({ merged_into_id: survivorId, updated_at: now, version: eb('version', '+', 1) }))
    .where('id', '=', personId)
    .execute();
}

export async function setRestriction(tx: Tx, personId: string, restricted: boolean, reason: string | null, now: Date): Promise<void> {
  await tx
    .updateTable('person')
    .set((eb) => ({ is_restricted: restricted, restriction_reason: reason, updated_at: now, version: eb('version', '+', 1) }))
    .where('id', '=', personId)
    .execute();
}

export async function insertMerge(tx: Tx, merge: PersonMergeTable): Promise<void> {
  await tx.insertInto('person_merge').values(merge).execute();
}

export interface LedgerRow {
  table: string;
  column: string;
  key: RowKey;
  action: 'moved' | 'kept';
  originalKind?: string | undefined;
  note?: string | undefined;
}

export async function insertLedger(tx: Tx, mergeId: string, rows: LedgerRow[]): Promise<void> {
  for (let start = 0; start < rows.length; start += 500) {
    await tx
      .insertInto('person_merge_row')
      .values(
        rows.slice(start, start + 500).map((row) => ({
          id: newId(),
          merge_id: mergeId,
          table_name: row.table,
          column_name: row.column,
          row_key: JSON.stringify(row.key),
          action: row.action,
          original_kind: row.originalKind ?? null,
          note: row.note ?? null,
        })),
      )
      .execute();
  }
}

export async function ledgerOf(db: Executor, mergeId: string): Promise<LedgerRow[]> {
  const rows = await db.selectFrom('person_merge_row').selectAll().where('merge_id', '=', mergeId).orderBy('table_name').execute();
  return rows.map((row) => ({
    table: row.table_name,
    column: row.column_name,
    key: JSON.parse(row.row_key) as RowKey,
    action: row.action as 'moved' | 'kept',
    originalKind: row.original_kind ?? undefined,
    note: row.note ?? undefined,
  }));
}

export async function ledgerCounts(db: Executor, mergeId: string): Promise<MergeRowCount[]> {
  const rows = await db
    .selectFrom('person_merge_row')
    .select(['table_name', 'column_name', 'action', (eb) => eb.fn.countAll<string>().as('count')])
    .where('merge_id', '=', mergeId)
    .groupBy(['table_name', 'column_name', 'action'])
    .orderBy('table_name')
    .orderBy('column_name')
    .execute();
  const counts = new Map<string, MergeRowCount>();
  for (const row of rows) {
    const key = `${row.table_name}.${row.column_name}`;
    const entry = counts.get(key) ?? { table: row.table_name, column: row.column_name, moved: 0, kept: 0 };
    entry[row.action === 'moved' ? 'moved' : 'kept'] += Number(row.count);
    counts.set(key, entry);
  }
  return [...counts.values()];
}

export async function findMerge(db: Executor, id: string, lock = false): Promise<Selectable<PersonMergeTable> | undefined> {
  let query = db.selectFrom('person_merge').selectAll().where('id', '=', id);
  if (lock) {
    query = query.forUpdate();
  }
  return query.executeTakeFirst();
}

/** A live merge whose survivor is this record: it must be undone before a merge into this one can be. */
export async function liveMergeOf(db: Executor, mergedId: string): Promise<Selectable<PersonMergeTable> | undefined> {
  return db.selectFrom('person_merge').selectAll().where('merged_id', '=', mergedId).where('unmerged_at', 'is', null).executeTakeFirst();
}

export async function markUnmerged(tx: Tx, id: string, actor: Actor, at: Date, reason: string): Promise<void> {
  await tx
    .updateTable('person_merge')
    .set({ unmerged_at: at, unmerged_by: actor.userId, unmerged_by_label: actor.label, unmerge_reason: reason })
    .where('id', '=', id)
    .execute();
}
