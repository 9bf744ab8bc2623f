import { type ExpressionBuilder, type SqlBool, sql } from 'kysely';
import type { Actor } from '../../platform/access/actor.ts';
import type { Database } from '../../platform/database/tables.ts';
import type { Db, Tx } from '../../platform/database/transaction.ts';
import { personVisibleTo } from '../access/index.ts';
import { entryVisibleTo } from './chronology.policy.ts';
import type { Category, ChronologyEntry, EntryPerson, Sensitivity, VoiceEntry } from './chronology.schema.ts';

type Executor = Db | Tx;

/**
 * Every read of an entry applies `entryVisibleTo` inside the query; the only unscoped reads are
 * counts (for "N entries withheld") and the people checks of a write, which return no content.
 */

export interface NewEntryRow {
  id: string;
  partnershipId: string;
  occurredAt: Date;
  occurredAtIsApproximate: boolean;
  timeIsKnown: boolean;
  recordedAt: Date;
  sourceAgencyId: string;
  authorUserId: string | null;
  authorLabel: string;
  category: string;
  summary: string;
  nature: string;
  significance: string;
  sensitivity: string;
  sourceReference: string | null;
  supersedesId: string | null;
  amendmentReason: string | null;
  originType: string | null;
  originId: string | null;
  importBatchId: string | null;
  personIds: string[];
}

export async function insertEntries(tx: Tx, rows: NewEntryRow[]): Promise<void> {
  // Batches keep each statement under PostgreSQL's 65,535 bound parameters on big imports.
  for (let start = 0; start < rows.length; start += 1000) {
    const batch = rows.slice(start, start + 1000);
    await tx
      .insertInto('chronology_entry')
      .values(
        batch.map((row) => ({
          id: row.id,
          partnership_id: row.partnershipId,
          occurred_at: row.occurredAt,
          occurred_at_is_approximate: row.occurredAtIsApproximate,
          time_is_known: row.timeIsKnown,
          recorded_at: row.recordedAt,
          source_agency_id: row.sourceAgencyId,
          author_user_id: row.authorUserId,
          author_label: row.authorLabel,
          category: row.category,
          summary: row.summary,
          nature: row.nature,
          significance: row.significance,
          sensitivity: row.sensitivity,
          source_reference: row.sourceReference,
          supersedes_id: row.supersedesId,
          amendment_reason: row.amendmentReason,
          origin_type: row.originType,
          origin_id: row.originId,
          import_batch_id: row.importBatchId,
        })),
      )
      .execute();
    const links = batch.flatMap((row) =>
      row.personIds.map((personId) => ({ entry_id: row.id, person_id: personId, occurred_at: row.occurredAt })),
    );
    for (let linkStart = 0; linkStart < links.length; linkStart += 5000) {
      await tx
        .insertInto('chronology_entry_person')
        .values(links.slice(linkStart, linkStart + 5000))
        .execute();
    }
  }
}

export async function insertWithdrawal(
  tx: Tx,
  row: { entryId: string; reason: string; withdrawnBy: string | null; withdrawnByLabel: string; withdrawnAt: Date },
): Promise<void> {
  await tx
    .insertInto('chronology_withdrawal')
    .values({
      entry_id: row.entryId,
      reason: row.reason,
      withdrawn_by: row.withdrawnBy,
      withdrawn_by_label: row.withdrawnByLabel,
      withdrawn_at: row.withdrawnAt,
    })
    .execute();
}

/**
 * The people a write names, as the writer may see them: a person missing from the result either does
 * not exist or is not the writer's to record about, and the two are deliberately indistinguishable.
 * An operator (system actor) writing for an agency may name anyone in that agency's partnership.
 */
export async function peopleForWrite(
  db: Executor,
  actor: Actor,
  ids: string[],
  partnershipId: string,
  now: Date,
): Promise<Array<{ id: string; dateOfBirth: string | null }>> {
  if (ids.length === 0) {
    return [];
  }
  const found: Array<{ id: string; dateOfBirth: string | null }> = [];
  for (let start = 0; start < ids.length; start += 5000) {
    let query = db
      .selectFrom('person')
      .select(['person.id', 'person.date_of_birth'])
      .where('person.id', 'in', ids.slice(start, start + 5000))
      .where('person.partnership_id', '=', partnershipId);
    if (actor.kind !== 'system') {
      query = query.where(personVisibleTo(actor, now));
    }
    for (const row of await query.execute()) {
      found.push({ id: row.id, dateOfBirth: row.date_of_birth });
    }
  }
  return found;
}

function isCurrent(eb: ExpressionBuilder<Database, 'chronology_entry'>) {
  return eb.not(
    eb.exists(
      eb
        .selectFrom('chronology_entry as successor')
        .select(sql`1`.as('one'))
        .whereRef('successor.supersedes_id', '=', 'chronology_entry.id'),
    ),
  );
}

function isWithdrawn(eb: ExpressionBuilder<Database, 'chronology_entry'>) {
  return eb.exists(eb.selectFrom('chronology_withdrawal as w').select(sql`1`.as('one')).whereRef('w.entry_id', '=', 'chronology_entry.id'));
}

function concernsAnyOf(personIds: string[]) {
  return (eb: ExpressionBuilder<Database, 'chronology_entry'>) =>
    eb(
      'chronology_entry.id',
      'in',
      eb.selectFrom('chronology_entry_person as concerned').select('concerned.entry_id').where('concerned.person_id', 'in', personIds),
    );
}

export interface EntryQuery {
  personIds: string[];
  agencyIds?: string[] | undefined;
  categories?: string[] | undefined;
  significances?: string[] | undefined;
  from?: Date | undefined;
  to?: Date | undefined;
  includeWithdrawn: boolean;
  order: 'newest' | 'oldest';
  limit: number;
  offset: number;
}

const ENTRY_COLUMNS = [
  'chronology_entry.id',
  'chronology_entry.occurred_at',
  'chronology_entry.occurred_at_is_approximate',
  'chronology_entry.time_is_known',
  'chronology_entry.recorded_at',
  'chronology_entry.source_agency_id',
  'chronology_entry.author_label',
  'chronology_entry.category',
  'chronology_entry.summary',
  'chronology_entry.nature',
  'chronology_entry.significance',
  'chronology_entry.sensitivity',
  'chronology_entry.source_reference',
  'chronology_entry.supersedes_id',
  'chronology_entry.amendment_reason',
  'chronology_entry.origin_type',
  'chronology_entry.origin_id',
  'agency.name as agency_name',
  'w.reason as withdrawal_reason',
  'w.withdrawn_by_label',
  'w.withdrawn_at',
] as const;

type EntryRow = {
  id: string;
  occurred_at: Date;
  occurred_at_is_approximate: boolean;
  time_is_known: boolean;
  recorded_at: Date;
  source_agency_id: string;
  author_label: string;
  category: string;
  summary: string;
  nature: string;
  significance: string;
  sensitivity: string;
  source_reference: string | null;
  supersedes_id: string | null;
  amendment_reason: string | null;
  origin_type: string | null;
  origin_id: string | null;
  agency_name: string;
  withdrawal_reason: string | null;
  withdrawn_by_label: string | null;
  withdrawn_at: Date | null;
  superseded_by: string | null;
};

function baseEntries(db: Executor, actor: Actor, now: Date) {
  return db
    .selectFrom('chronology_entry')
    .innerJoin('agency', 'agency.id', 'chronology_entry.source_agency_id')
    .leftJoin('chronology_withdrawal as w', 'w.entry_id', 'chronology_entry.id')
    .where(entryVisibleTo(actor, now));
}

/** The entry that supersedes each row, if any: one indexed probe per row, in the same query. */
function supersededBy(eb: ExpressionBuilder<Database, 'chronology_entry'>) {
  return eb
    .selectFrom('chronology_entry as successor')
    .select('successor.id')
    .whereRef('successor.supersedes_id', '=', 'chronology_entry.id')
    .as('superseded_by');
}

/** One page of the current entries concerning any of these people that the actor may read, with the filtered total. */
export async function listEntries(db: Executor, actor: Actor, now: Date, query: EntryQuery): Promise<{ rows: EntryRow[]; total: number }> {
  let base = baseEntries(db, actor, now).where(concernsAnyOf(query.personIds)).where(isCurrent);
  if (!query.includeWithdrawn) {
    base = base.where((eb) => eb.not(isWithdrawn(eb)));
  }
  if (query.agencyIds?.length) {
    base = base.where('chronology_entry.source_agency_id', 'in', query.agencyIds);
  }
  if (query.categories?.length) {
    base = base.where('chronology_entry.category', 'in', query.categories);
  }
  if (query.significances?.length) {
    base = base.where('chronology_entry.significance', 'in', query.significances);
  }
  if (query.from) {
    base = base.where('chronology_entry.occurred_at', '>=', query.from);
  }
  if (query.to) {
    base = base.where('chronology_entry.occurred_at', '<', query.to);
  }
  const direction = query.order === 'newest' ? 'desc' : 'asc';
  // One after the other: inside a transaction both share one connection.
  const rows = await base
    .select(ENTRY_COLUMNS)
    .select(supersededBy)
    .orderBy('chronology_entry.occurred_at', direction)
    .orderBy('chronology_entry.id', direction)
    .limit(query.limit)
    .offset(query.offset)
    .execute();
  // A first page shorter than the limit is the whole list: no need to count it separately.
  if (query.offset === 0 && rows.length < query.limit) {
    return { rows, total: rows.length };
  }
  const count = await base.select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
  return { rows, total: Number(count.n) };
}

/**
 * How many current entries about these people exist at all, and how many of those (and how many
 * withdrawn) the actor may read. The difference is the "withheld" count: a number, never content.
 */
export async function countEntries(
  db: Executor,
  actor: Actor,
  now: Date,
  personIds: string[],
): Promise<{ all: number; visible: number; withdrawnVisible: number }> {
  const row = await db
    .selectFrom('chronology_entry')
    .where(concernsAnyOf(personIds))
    .where(isCurrent)
    .select((eb) => {
      const withdrawn = isWithdrawn(eb);
      const visible = entryVisibleTo(actor, now)(eb);
      return [
        sql<string>`count(*) filter (where not ${withdrawn})`.as('all'),
        sql<string>`count(*) filter (where not ${withdrawn} and ${visible})`.as('visible'),
        sql<string>`count(*) filter (where ${withdrawn} and ${visible})`.as('withdrawn_visible'),
      ];
    })
    .executeTakeFirstOrThrow();
  return { all: Number(row.all), visible: Number(row.visible), withdrawnVisible: Number(row.withdrawn_visible) };
}

export async function findVisibleEntry(db: Executor, actor: Actor, id: string, now: Date): Promise<EntryRow | undefined> {
  return baseEntries(db, actor, now).select(ENTRY_COLUMNS).select(supersededBy).where('chronology_entry.id', '=', id).executeTakeFirst();
}

/** The whole amendment chain an entry belongs to, oldest first, as far as the actor may read it. */
export async function findVisibleChain(db: Executor, actor: Actor, id: string, now: Date): Promise<EntryRow[]> {
  const chain = await sql<{ id: string }>`
    with recursive back(id, supersedes_id) as (
      select id, supersedes_id from chronology_entry where id = ${id}
      union all
      select e.id, e.supersedes_id from chronology_entry e join back on e.id = back.supersedes_id
    ), forward(id) as (
      select id from chronology_entry where id = ${id}
      union all
      select e.id from chronology_entry e join forward on e.supersedes_id = forward.id
    )
    select id from back union select id from forward`.execute(db);
  const ids = chain.rows.map((row) => row.id);
  return baseEntries(db, actor, now)
    .select(ENTRY_COLUMNS)
    .select(supersededBy)
    .where('chronology_entry.id', 'in', ids)
    .orderBy('chronology_entry.recorded_at')
    .execute();
}

/** The people each entry concerns; names only of people the actor may see themselves. */
export async function peopleOfEntries(db: Executor, actor: Actor, now: Date, entryIds: string[]): Promise<Map<string, EntryPerson[]>> {
  const result = new Map<string, EntryPerson[]>();
  if (entryIds.length === 0) {
    return result;
  }
  const visible =
    actor.kind === 'system'
      ? () => sql<boolean>`true`
      : (eb: ExpressionBuilder<Database, 'person'>) => sql<boolean>`(${personVisibleTo(actor, now)(eb)})`;
  const rows = await db
    .selectFrom('chronology_entry_person as ep')
    .innerJoin('person', 'person.id', 'ep.person_id')
    .select((eb) => [
      'ep.entry_id',
      'person.id',
      'person.given_name',
      'person.family_name',
      visible(eb as unknown as ExpressionBuilder<Database, 'person'>).as('visible'),
    ])
    .where('ep.entry_id', 'in', entryIds)
    .orderBy('person.family_name')
    .orderBy('person.given_name')
    .execute();
  for (const row of rows) {
    const list = result.get(row.entry_id) ?? [];
    list.push({ id: row.id, name: row.visible ? `${row.given_name} ${row.family_name}` : null });
    result.set(row.entry_id, list);
  }
  return result;
}

export function toEntry(row: EntryRow, people: EntryPerson[]): ChronologyEntry {
  return {
    id: row.id,
    occurredAt: row.occurred_at,
    occurredAtIsApproximate: row.occurred_at_is_approximate,
    timeIsKnown: row.time_is_known,
    recordedAt: row.recorded_at,
    sourceAgencyId: row.source_agency_id,
    sourceAgencyName: row.agency_name,
    authorLabel: row.author_label,
    category: row.category as Category,
    summary: row.summary,
    nature: row.nature as ChronologyEntry['nature'],
    significance: row.significance as ChronologyEntry['significance'],
    sensitivity: row.sensitivity as Sensitivity,
    sourceReference: row.source_reference,
    supersedesId: row.supersedes_id,
    amendmentReason: row.amendment_reason,
    originType: row.origin_type,
    originId: row.origin_id,
    people,
    supersededById: row.superseded_by,
    withdrawal:
      row.withdrawal_reason !== null
        ? { reason: row.withdrawal_reason, byLabel: row.withdrawn_by_label as string, at: row.withdrawn_at as Date }
        : null,
  };
}

/** Existing entries from another module's record, so that re-sending the same event writes nothing. */
export async function findByOrigin(db: Executor, originType: string, originId: string): Promise<string | undefined> {
  const row = await db
    .selectFrom('chronology_entry')
    .select('id')
    .where('origin_type', '=', originType)
    .where('origin_id', '=', originId)
    .executeTakeFirst();
  return row?.id;
}

export async function agencyPartnership(db: Executor, agencyId: string): Promise<string | undefined> {
  const row = await db.selectFrom('agency').select('partnership_id').where('id', '=', agencyId).executeTakeFirst();
  return row?.partnership_id;
}

export async function insertVoice(
  tx: Tx,
  row: Omit<VoiceEntry, 'agencyName' | 'recordedAt'> & {
    partnershipId: string;
    agencyId: string;
    recordedBy: string | null;
    recordedAt: Date;
  },
): Promise<void> {
  await tx
    .insertInto('voice_entry')
    .values({
      id: row.id,
      partnership_id: row.partnershipId,
      person_id: row.personId,
      heard_on: row.heardOn,
      method: row.method,
      heard_individually: row.heardIndividually,
      words: row.words,
      is_verbatim: row.isVerbatim,
      wishes_and_feelings: row.wishesAndFeelings,
      agency_id: row.agencyId,
      recorded_by: row.recordedBy,
      recorded_by_label: row.recordedByLabel,
      recorded_at: row.recordedAt,
    })
    .execute();
}

function voiceEntries(db: Executor) {
  return db
    .selectFrom('voice_entry')
    .innerJoin('agency', 'agency.id', 'voice_entry.agency_id')
    .select([
      'voice_entry.id',
      'voice_entry.person_id',
      'voice_entry.heard_on',
      'voice_entry.method',
      'voice_entry.heard_individually',
      'voice_entry.words',
      'voice_entry.is_verbatim',
      'voice_entry.wishes_and_feelings',
      'voice_entry.recorded_by_label',
      'voice_entry.recorded_at',
      'agency.name as agency_name',
    ]);
}

function toVoiceEntry(row: Awaited<ReturnType<ReturnType<typeof voiceEntries>['executeTakeFirstOrThrow']>>): VoiceEntry {
  return {
    id: row.id,
    personId: row.person_id,
    heardOn: row.heard_on,
    method: row.method as VoiceEntry['method'],
    heardIndividually: row.heard_individually,
    words: row.words,
    isVerbatim: row.is_verbatim,
    wishesAndFeelings: row.wishes_and_feelings,
    agencyName: row.agency_name,
    recordedByLabel: row.recorded_by_label,
    recordedAt: row.recorded_at,
  };
}

/** A voice entry just written, for returning to its writer inside the same transaction. */
export async function findVoiceEntry(tx: Tx, id: string): Promise<VoiceEntry | undefined> {
  const row = await voiceEntries(tx).where('voice_entry.id', '=', id).executeTakeFirst();
  return row ? toVoiceEntry(row) : undefined;
}

/** A person's voice entries, for a reader who may see the person (the visibility rule is applied here too). */
export async function listVoiceOfVisiblePerson(db: Executor, actor: Actor, personId: string, now: Date): Promise<VoiceEntry[]> {
  const rows = await voiceEntries(db)
    .innerJoin('person', 'person.id', 'voice_entry.person_id')
    .where('voice_entry.person_id', '=', personId)
    .where((eb) => (actor.kind === 'system' ? sql<SqlBool>`true` : personVisibleTo(actor, now)(eb as never)))
    .orderBy('voice_entry.heard_on', 'desc')
    .orderBy('voice_entry.recorded_at', 'desc')
    .execute();
  return rows.map(toVoiceEntry);
}

/** Which of these partner references this agency has already imported. */
export async function existingReferences(db: Executor, agencyId: string, references: string[]): Promise<string[]> {
  const found: string[] = [];
  for (let start = 0; start < references.length; start += 5000) {
    const rows = await db
      .selectFrom('chronology_entry')
      .select('source_reference')
      .where('source_agency_id', '=', agencyId)
      .where('source_reference', 'in', references.slice(start, start + 5000))
      .where('supersedes_id', 'is', null)
      .execute();
    found.push(...rows.map((row) => row.source_reference as string));
  }
  return found;
}
