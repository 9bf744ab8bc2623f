import { type ExpressionBuilder, type RawBuilder, sql } from 'kysely';
import type { Actor } from '../../platform/access/actor.ts';
import type { Database } from '../../platform/database/tables.ts';
import type { Db, Tx } from '../../platform/database/transaction.ts';
import { personVisibleTo } from '../access/index.ts';
import type { MatchInput } from '../matching/index.ts';
import { MATCH_POINTS, type NameMatchHow, type NameQuery } from './people.matching.ts';
import type {
  EthnicityCode,
  IdentifierKind,
  NameKind,
  Person,
  PersonAddress,
  PersonChange,
  PersonIdentifier,
  PersonKind,
  PersonName,
  Sex,
} from './people.schema.ts';

type Executor = Db | Tx;

/** Every read here takes the actor and applies the access rule inside the query: there is no unscoped read. */
const COLUMNS = [
  'person.id',
  'person.kind',
  'person.given_name',
  'person.family_name',
  'person.date_of_birth',
  'person.date_of_birth_is_estimated',
  'person.expected_delivery_date',
  'person.sex',
  'person.gender_identity',
  'person.ethnicity_code',
  'person.first_language',
  'person.interpreter_needed',
  'person.disability',
  'person.date_of_death',
  'person.is_restricted',
  'person.version',
  'person.created_at',
  'person.updated_at',
] as const;

interface PersonRow {
  id: string;
  kind: string;
  given_name: string;
  family_name: string;
  date_of_birth: string | null;
  date_of_birth_is_estimated: boolean;
  expected_delivery_date: string | null;
  sex: string | null;
  gender_identity: string | null;
  ethnicity_code: string | null;
  first_language: string | null;
  interpreter_needed: boolean | null;
  disability: string | null;
  date_of_death: string | null;
  is_restricted: boolean;
  version: number;
  created_at: Date;
  updated_at: Date;
}

function toPerson(row: PersonRow): Person {
  return {
    id: row.id,
    kind: row.kind as PersonKind,
    givenName: row.given_name,
    familyName: row.family_name,
    dateOfBirth: row.date_of_birth,
    dateOfBirthIsEstimated: row.date_of_birth_is_estimated,
    expectedDeliveryDate: row.expected_delivery_date,
    sex: row.sex as Sex | null,
    genderIdentity: row.gender_identity,
    ethnicityCode: row.ethnicity_code as EthnicityCode | null,
    firstLanguage: row.first_language,
    interpreterNeeded: row.interpreter_needed,
    disability: row.disability,
    dateOfDeath: row.date_of_death,
    isRestricted: row.is_restricted,
    version: row.version,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

/** The person's own columns, as the service names them. */
export interface PersonColumns {
  kind: PersonKind;
  givenName: string;
  familyName: string;
  dateOfBirth: string | null;
  dateOfBirthIsEstimated: boolean;
  expectedDeliveryDate: string | null;
  sex: Sex | null;
  genderIdentity: string | null;
  ethnicityCode: EthnicityCode | null;
  firstLanguage: string | null;
  interpreterNeeded: boolean | null;
  disability: string | null;
  dateOfDeath: string | null;
}

const COLUMN_NAMES = {
  kind: 'kind',
  givenName: 'given_name',
  familyName: 'family_name',
  dateOfBirth: 'date_of_birth',
  dateOfBirthIsEstimated: 'date_of_birth_is_estimated',
  expectedDeliveryDate: 'expected_delivery_date',
  sex: 'sex',
  genderIdentity: 'gender_identity',
  ethnicityCode: 'ethnicity_code',
  firstLanguage: 'first_language',
  interpreterNeeded: 'interpreter_needed',
  disability: 'disability',
  dateOfDeath: 'date_of_death',
} as const satisfies Record<keyof PersonColumns, string>;

/** The access rule for queries that join person to another of this module's tables. */
function visibleTo(actor: Actor, now: Date) {
  const rule = personVisibleTo(actor, now);
  return <DB, TB extends keyof DB>(eb: ExpressionBuilder<DB, TB>) => rule(eb as unknown as ExpressionBuilder<Database, 'person'>);
}

export async function findVisiblePerson(db: Executor, actor: Actor, id: string, now: Date): Promise<Person | undefined> {
  const row = await db
    .selectFrom('person')
    .select(COLUMNS)
    .where('person.id', '=', id)
    .where(personVisibleTo(actor, now))
    .executeTakeFirst();
  return row ? toPerson(row) : undefined;
}

export async function listVisiblePeople(
  db: Executor,
  actor: Actor,
  now: Date,
  filter: { name?: string | undefined; limit: number },
): Promise<Person[]> {
  let query = db.selectFrom('person').select(COLUMNS).where(personVisibleTo(actor, now));
  if (filter.name) {
    const pattern = `%${filter.name.replace(/[\\%_]/g, (match) => `\\${match}`)}%`;
    query = query.where((eb) => eb.or([eb('given_name', 'ilike', pattern), eb('family_name', 'ilike', pattern)]));
  }
  const rows = await query
    .orderBy((eb) => eb.fn('lower', ['family_name']))
    .orderBy((eb) => eb.fn('lower', ['given_name']))
    .orderBy('id')
    .limit(filter.limit)
    .execute();
  return rows.map(toPerson);
}

export async function insertPerson(tx: Tx, person: Person & { partnershipId: string; createdBy: string }): Promise<void> {
  await tx
    .insertInto('person')
    .values({
      id: person.id,
      partnership_id: person.partnershipId,
      kind: person.kind,
      given_name: person.givenName,
      family_name: person.familyName,
      date_of_birth: person.dateOfBirth,
      date_of_birth_is_estimated: person.dateOfBirthIsEstimated,
      expected_delivery_date: person.expectedDeliveryDate,
      sex: person.sex,
      gender_identity: person.genderIdentity,
      ethnicity_code: person.ethnicityCode,
      first_language: person.firstLanguage,
      interpreter_needed: person.interpreterNeeded,
      disability: person.disability,
      date_of_death: person.dateOfDeath,
      is_restricted: person.isRestricted,
      restriction_reason: null,
      created_by: person.createdBy,
      created_at: person.createdAt,
      updated_at: person.updatedAt,
      version: person.version,
    })
    .execute();
}

/** Updates only if the version is still the one the caller read; returns false when someone else got there first. */
export async function updateVisiblePerson(
  tx: Tx,
  actor: Actor,
  id: string,
  expectedVersion: number,
  changes: Partial<PersonColumns>,
  now: Date,
): Promise<boolean> {
  const values: Record<string, unknown> = {};
  for (const [field, column] of Object.entries(COLUMN_NAMES)) {
    const value = changes[field as keyof PersonColumns];
    if (value !== undefined) {
      values[column] = value;
    }
  }
  const result = await tx
    .updateTable('person')
    .set((eb) => ({ ...values, updated_at: now, version: eb('version', '+', 1) }))
    .where('id', '=', id)
    .where('version', '=', expectedVersion)
    .where(personVisibleTo(actor, now))
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export async function restrictVisiblePerson(tx: Tx, actor: Actor, id: string, reason: string, now: Date): Promise<void> {
  await tx
    .updateTable('person')
    .set((eb) => ({ is_restricted: true, restriction_reason: reason, updated_at: now, version: eb('version', '+', 1) }))
    .where('id', '=', id)
    .where(personVisibleTo(actor, now))
    .execute();
}

// ─── Names ──────────────────────────────────────────────────────────────────────────────────────

export async function insertName(tx: Tx, personId: string, name: Omit<PersonName, 'id'> & { id: string }): Promise<void> {
  await tx
    .insertInto('person_name')
    .values({
      id: name.id,
      person_id: personId,
      kind: name.kind,
      given_name: name.givenName,
      family_name: name.familyName,
      valid_from: name.validFrom,
      valid_to: name.validTo,
      recorded_by: name.recordedBy,
      recorded_at: name.recordedAt,
    })
    .execute();
}

/** A legal name that has stopped being used becomes a previous name, kept for search and history. */
export async function retireLegalName(tx: Tx, personId: string, validTo: string): Promise<void> {
  await tx
    .updateTable('person_name')
    .set((eb) => ({
      kind: 'previous',
      valid_to: eb.fn.coalesce('valid_to', sql<string>`greatest(${validTo}::date, valid_from)`),
    }))
    .where('person_id', '=', personId)
    .where('kind', '=', 'legal')
    .execute();
}

/** A corrected legal name was never a real name: it is fixed in place, and the mistake stays in person_change. */
export async function correctLegalName(tx: Tx, personId: string, name: { givenName: string; familyName: string }): Promise<void> {
  await tx
    .updateTable('person_name')
    .set({ given_name: name.givenName, family_name: name.familyName })
    .where('person_id', '=', personId)
    .where('kind', '=', 'legal')
    .execute();
}

export async function listVisibleNames(db: Executor, actor: Actor, now: Date, personId: string): Promise<PersonName[]> {
  const rows = await db
    .selectFrom('person_name')
    .innerJoin('person', 'person.id', 'person_name.person_id')
    .select([
      'person_name.id',
      'person_name.kind',
      'person_name.given_name',
      'person_name.family_name',
      'person_name.valid_from',
      'person_name.valid_to',
      'person_name.recorded_by',
      'person_name.recorded_at',
    ])
    .where('person_name.person_id', '=', personId)
    .where(visibleTo(actor, now))
    .orderBy(sql`person_name.kind = 'legal'`, 'desc')
    .orderBy(sql`coalesce(person_name.valid_from, '0001-01-01'::date)`, 'desc')
    .orderBy('person_name.recorded_at', 'desc')
    .execute();
  return rows.map((row) => ({
    id: row.id,
    kind: row.kind as NameKind,
    givenName: row.given_name,
    familyName: row.family_name,
    validFrom: row.valid_from,
    validTo: row.valid_to,
    recordedBy: row.recorded_by,
    recordedAt: row.recorded_at,
  }));
}

// ─── Identifiers ────────────────────────────────────────────────────────────────────────────────

export async function insertIdentifier(
  tx: Tx,
  identifier: {
    id: string;
    personId: string;
    partnershipId: string;
    kind: IdentifierKind;
    value: string;
    recordedBy: string;
    recordedAt: Date;
  },
): Promise<void> {
  await tx
    .insertInto('person_identifier')
    .values({
      id: identifier.id,
      person_id: identifier.personId,
      partnership_id: identifier.partnershipId,
      kind: identifier.kind,
      value: identifier.value,
      recorded_by: identifier.recordedBy,
      recorded_at: identifier.recordedAt,
      ended_at: null,
      ended_by: null,
      end_reason: null,
    })
    .execute();
}

export async function endIdentifier(
  tx: Tx,
  personId: string,
  identifierId: string,
  ended: { at: Date; by: string; reason: string | null },
): Promise<PersonIdentifier | undefined> {
  const row = await tx
    .updateTable('person_identifier')
    .set({ ended_at: ended.at, ended_by: ended.by, end_reason: ended.reason })
    .where('id', '=', identifierId)
    .where('person_id', '=', personId)
    .where('ended_at', 'is', null)
    .returning(['id', 'kind', 'value', 'recorded_by', 'recorded_at', 'ended_at'])
    .executeTakeFirst();
  return row ? toIdentifier(row) : undefined;
}

function toIdentifier(row: { id: string; kind: string; value: string; recorded_by: string; recorded_at: Date; ended_at: Date | null }) {
  return {
    id: row.id,
    kind: row.kind as IdentifierKind,
    value: row.value,
    recordedBy: row.recorded_by,
    recordedAt: row.recorded_at,
    endedAt: row.ended_at,
  };
}

export async function listVisibleIdentifiers(db: Executor, actor: Actor, now: Date, personId: string): Promise<PersonIdentifier[]> {
  const rows = await db
    .selectFrom('person_identifier')
    .innerJoin('person', 'person.id', 'person_identifier.person_id')
    .select([
      'person_identifier.id',
      'person_identifier.kind',
      'person_identifier.value',
      'person_identifier.recorded_by',
      'person_identifier.recorded_at',
      'person_identifier.ended_at',
    ])
    .where('person_identifier.person_id', '=', personId)
    .where(visibleTo(actor, now))
    .orderBy(sql`person_identifier.ended_at is null`, 'desc')
    .orderBy('person_identifier.recorded_at', 'desc')
    .execute();
  return rows.map(toIdentifier);
}

/**
 * Who already holds these live identifiers in the partnership, whether or not the actor may see
 * them. Only for the duplicate check: the service reveals a hidden holder's existence in one
 * neutral sentence, never who they are.
 */
export async function unsafeFindLiveIdentifierHolders(
  db: Executor,
  partnershipId: string,
  identifiers: { kind: IdentifierKind; value: string }[],
): Promise<{ personId: string; kind: IdentifierKind; value: string }[]> {
  if (identifiers.length === 0) {
    return [];
  }
  const rows = await db
    .selectFrom('person_identifier')
    .select(['person_id', 'kind', 'value'])
    .where('partnership_id', '=', partnershipId)
    .where('ended_at', 'is', null)
    .where((eb) => eb.or(identifiers.map((identifier) => eb.and([eb('kind', '=', identifier.kind), eb('value', '=', identifier.value)]))))
    .execute();
  return rows.map((row) => ({ personId: row.person_id, kind: row.kind as IdentifierKind, value: row.value }));
}

// ─── Addresses ──────────────────────────────────────────────────────────────────────────────────

export async function insertAddress(tx: Tx, personId: string, address: PersonAddress): Promise<void> {
  await tx
    .insertInto('person_address')
    .values({
      id: address.id,
      person_id: personId,
      line1: address.line1,
      line2: address.line2,
      town: address.town,
      postcode: address.postcode,
      valid_from: address.validFrom,
      valid_to: address.validTo,
      recorded_by: address.recordedBy,
      recorded_at: address.recordedAt,
    })
    .execute();
}

/** Ends every address still current (no end date) on the day the next one starts. */
export async function endCurrentAddresses(tx: Tx, personId: string, validTo: string): Promise<string[]> {
  const rows = await tx
    .updateTable('person_address')
    .set({ valid_to: validTo })
    .where('person_id', '=', personId)
    .where('valid_to', 'is', null)
    .returning('id')
    .execute();
  return rows.map((row) => row.id);
}

export async function listVisibleAddresses(db: Executor, actor: Actor, now: Date, personId: string): Promise<PersonAddress[]> {
  const rows = await db
    .selectFrom('person_address')
    .innerJoin('person', 'person.id', 'person_address.person_id')
    .select([
      'person_address.id',
      'person_address.line1',
      'person_address.line2',
      'person_address.town',
      'person_address.postcode',
      'person_address.valid_from',
      'person_address.valid_to',
      'person_address.recorded_by',
      'person_address.recorded_at',
    ])
    .where('person_address.person_id', '=', personId)
    .where(visibleTo(actor, now))
    .orderBy(sql`person_address.valid_to is null`, 'desc')
    .orderBy(sql`coalesce(person_address.valid_from, '0001-01-01'::date)`, 'desc')
    .orderBy('person_address.recorded_at', 'desc')
    .execute();
  return rows.map((row) => ({
    id: row.id,
    line1: row.line1,
    line2: row.line2,
    town: row.town,
    postcode: row.postcode,
    validFrom: row.valid_from,
    validTo: row.valid_to,
    recordedBy: row.recorded_by,
    recordedAt: row.recorded_at,
  }));
}

// ─── History ────────────────────────────────────────────────────────────────────────────────────

export async function insertChanges(tx: Tx, personId: string, changes: PersonChange[]): Promise<void> {
  if (changes.length === 0) {
    return;
  }
  await tx
    .insertInto('person_change')
    .values(
      changes.map((change) => ({
        id: change.id,
        person_id: personId,
        field: change.field,
        old_value: change.oldValue,
        new_value: change.newValue,
        kind: change.kind,
        reason: change.reason,
        changed_by: change.changedBy,
        changed_at: change.changedAt,
        version: change.version,
      })),
    )
    .execute();
}

export async function listVisibleChanges(db: Executor, actor: Actor, now: Date, personId: string): Promise<PersonChange[]> {
  const rows = await db
    .selectFrom('person_change')
    .innerJoin('person', 'person.id', 'person_change.person_id')
    .select([
      'person_change.id',
      'person_change.field',
      'person_change.old_value',
      'person_change.new_value',
      'person_change.kind',
      'person_change.reason',
      'person_change.changed_by',
      'person_change.changed_at',
      'person_change.version',
    ])
    .where('person_change.person_id', '=', personId)
    .where(visibleTo(actor, now))
    .orderBy('person_change.changed_at', 'desc')
    .orderBy('person_change.version', 'desc')
    .orderBy('person_change.field')
    .execute();
  return rows.map((row) => ({
    id: row.id,
    field: row.field,
    oldValue: row.old_value,
    newValue: row.new_value,
    kind: row.kind,
    reason: row.reason,
    changedBy: row.changed_by,
    changedAt: row.changed_at,
    version: row.version,
  }));
}

// ─── Access facts ───────────────────────────────────────────────────────────────────────────────

/** The users allocated to a person now, who keep access when the record becomes restricted. */
export async function allocatedWorkers(db: Executor, personId: string, now: Date): Promise<string[]> {
  const rows = await db
    .selectFrom('access_basis')
    .select('user_id')
    .distinct()
    .where('person_id', '=', personId)
    .where('kind', '=', 'allocated_worker')
    .where('user_id', 'is not', null)
    .where('starts_at', '<=', now)
    .where((eb) => eb.or([eb('ends_at', 'is', null), eb('ends_at', '>', now)]))
    .execute();
  return rows.map((row) => row.user_id).filter((id): id is string => id !== null);
}

export async function allocatedTeams(db: Executor, personId: string, now: Date): Promise<string[]> {
  const rows = await db
    .selectFrom('access_basis')
    .select('team_id')
    .distinct()
    .where('person_id', '=', personId)
    .where('kind', '=', 'allocated_team')
    .where('team_id', 'is not', null)
    .where('starts_at', '<=', now)
    .where((eb) => eb.or([eb('ends_at', 'is', null), eb('ends_at', '>', now)]))
    .execute();
  return rows.map((row) => row.team_id).filter((id): id is string => id !== null);
}

/** Existence and partnership only, for the privacy officer's access-log view, which shows no case content. */
export async function unsafeFindPersonPartnership(db: Executor, id: string): Promise<string | undefined> {
  const row = await db.selectFrom('person').select('partnership_id').where('id', '=', id).executeTakeFirst();
  return row?.partnership_id;
}

// ─── Search ─────────────────────────────────────────────────────────────────────────────────────

export interface SearchCriteria {
  name?: NameQuery | undefined;
  /** Other forms of the typed given name (or of the single word), lower case. */
  nicknames: string[];
  dateOfBirth?: string | undefined;
  /** A normalised identifier of any kind (search), matched on value. */
  identifier?: string | undefined;
  /** Identifiers with their kinds (duplicate check), matched on kind and value. */
  identifiers?: { kind: IdentifierKind; value: string }[] | undefined;
  postcode?: string | undefined;
  limit: number;
}

export interface SearchRow {
  person: Person;
  family: { how: NameMatchHow; nameKind: string; value: string } | undefined;
  given: { how: NameMatchHow; nameKind: string; value: string } | undefined;
  dateOfBirth: 'exact' | 'estimated' | undefined;
  identifierKind: IdentifierKind | undefined;
  postcode: 'current' | 'past' | undefined;
  points: number;
}

/** Points for a way of matching, as SQL, from the same table the service explains scores with. */
function namePointsSql(how: RawBuilder<unknown>, kind: RawBuilder<unknown>): RawBuilder<number> {
  const points = MATCH_POINTS.name;
  return sql<number>`(case ${how}
      when 'exact' then ${sql.lit(points.exact)} when 'nickname' then ${sql.lit(points.nickname)}
      when 'sounds' then ${sql.lit(points.sounds)} when 'spelling' then ${sql.lit(points.spelling)}
      when 'starts' then ${sql.lit(points.starts)} else 0 end)
    * (case when ${kind} = 'legal' then 1 else ${sql.lit(MATCH_POINTS.otherNameFactor)} end)`;
}

/** How many candidates each branch of a one-word search may bring before scoring. */
const SINGLE_WORD_CANDIDATES = 500;

const familyExpr = sql`lower(n.family_name)`;
const givenExpr = sql`lower(n.given_name)`;
const givenFirst = sql`split_part(lower(n.given_name), ' ', 1)`;

/** A typed word of 3 letters or more also finds names that start with it. */
function prefixOf(word: string): string | undefined {
  return word.length >= 3 ? `${word}%` : undefined;
}

/** Index-backed: rows whose family name is like the word (trigram, sound, prefix). */
function familyCandidate(word: string): RawBuilder<boolean> {
  const prefix = prefixOf(word);
  return sql<boolean>`(${familyExpr} % ${word} or dmetaphone(n.family_name) = dmetaphone(${word})${
    prefix ? sql` or ${familyExpr} like ${prefix}` : sql``
  })`;
}

/**
 * Index-backed: rows whose first given name is the word or a nickname of it, sounds like it, or
 * starts with it. Deliberately not trigram similarity: for a short given name that reaches a large
 * share of all names (55,000 of a million for "mary"), and double metaphone already catches most
 * misspellings of given names ("Jhon", "Mray"). Similarity still counts when scoring.
 */
function givenCandidate(word: string, nicknames: string[]): RawBuilder<boolean> {
  const prefix = prefixOf(word);
  return sql<boolean>`(${givenFirst} in (${sql.join([word, ...nicknames])})
    or dmetaphone(${givenFirst}) = dmetaphone(${word})${prefix ? sql` or ${givenExpr} like ${prefix}` : sql``})`;
}

/** Rows that are the very word typed, as a family name or first given name (or a nickname of it). */
function exactCandidate(word: string, nicknames: string[]): RawBuilder<boolean> {
  return sql<boolean>`(${familyExpr} = ${word} or ${givenFirst} in (${sql.join([word, ...nicknames])}))`;
}

/**
 * Names other than the legal one, matched on their own: a previous surname with the current given
 * name, or a nickname with the current surname. Each branch is one indexed condition, so the
 * planner can use the small partial trigram indexes on names that are not legal names.
 */
function otherNameSources(given: string, family: string, nicknames: string[]): RawBuilder<unknown>[] {
  // coalesce(...) matches only the partial indexes' expressions, so the planner cannot wander onto
  // the full indexes and filter a great many legal names out afterwards.
  return [
    sql`select n.person_id from person_name n where n.kind <> 'legal' and lower(coalesce(n.family_name, '')) % ${family}`,
    sql`select n.person_id from person_name n where n.kind <> 'legal' and lower(coalesce(n.given_name, '')) % ${given}`,
    sql`select n.person_id from person_name n where n.kind <> 'legal' and ${givenFirst} in (${sql.join([given, ...nicknames])})`,
  ];
}

function familyHow(word: string): RawBuilder<NameMatchHow | null> {
  const prefix = prefixOf(word);
  return sql<NameMatchHow | null>`case
    when ${familyExpr} = ${word} then 'exact'
    when dmetaphone(n.family_name) = dmetaphone(${word}) then 'sounds'
    when ${familyExpr} % ${word} or levenshtein(left(${familyExpr}, 200), ${word}) <= 2 then 'spelling'
    ${prefix ? sql`when ${familyExpr} like ${prefix} then 'starts'` : sql``}
    end`;
}

function givenHow(word: string, nicknames: string[]): RawBuilder<NameMatchHow | null> {
  const prefix = prefixOf(word);
  return sql<NameMatchHow | null>`case
    when ${givenFirst} = ${word} or ${givenExpr} = ${word} then 'exact'
    ${nicknames.length > 0 ? sql`when ${givenFirst} in (${sql.join(nicknames)}) then 'nickname'` : sql``}
    when dmetaphone(${givenFirst}) = dmetaphone(${word}) then 'sounds'
    when ${givenExpr} % ${word} or levenshtein(left(${givenFirst}, 200), ${word}) <= 1 then 'spelling'
    ${prefix ? sql`when ${givenExpr} like ${prefix} then 'starts'` : sql``}
    end`;
}

/** The best-matching name row of one person for one typed word, by the points it earns. */
function bestName(part: 'family' | 'given', how: RawBuilder<NameMatchHow | null>): RawBuilder<unknown> {
  const column = part === 'family' ? sql.ref('n.family_name') : sql.ref('n.given_name');
  return sql`(
    select h.how, n.kind as name_kind, ${column} as value, ${namePointsSql(sql`h.how`, sql`n.kind`)} as points
    from person_name n cross join lateral (select ${how} as how) h
    where n.person_id = c.person_id and ${column} is not null and h.how is not null
    order by points desc, n.kind = 'legal' desc
    limit 1
  )`;
}

/**
 * One typed word can match a great many names (every Smith). The rows that are the very word are
 * taken first, then those like it, each branch capped so the page answers quickly (a second word or
 * a date of birth narrows it); each row is scored as it is found, and each person keeps their best.
 */
function singleWordCandidates(word: string, nicknames: string[]): RawBuilder<CandidateRow> {
  const cap = sql.lit(SINGLE_WORD_CANDIDATES);
  const familyMatch = familyHow(word);
  const givenMatch = givenHow(word, nicknames);
  return sql<CandidateRow>`(
    select distinct on (x.person_id) x.* from (
      select n.person_id,
        f.how as family_how, case when f.how is not null then n.kind end as family_kind,
        case when f.how is not null then n.family_name end as family_value, ${namePointsSql(sql`f.how`, sql`n.kind`)} as family_points,
        g.how as given_how, case when g.how is not null then n.kind end as given_kind,
        case when g.how is not null then n.given_name end as given_value, ${namePointsSql(sql`g.how`, sql`n.kind`)} as given_points
      from (
        (select * from person_name n where ${exactCandidate(word, nicknames)} limit ${cap})
        union
        (select * from person_name n where ${familyCandidate(word)} or ${givenCandidate(word, nicknames)} limit ${cap})
      ) n
      cross join lateral (select ${familyMatch} as how) f
      cross join lateral (select ${givenMatch} as how) g
    ) x
    order by x.person_id, greatest(x.family_points, x.given_points) desc
    offset 0
  )`;
}

interface CandidateRow {
  person_id: string;
  family_how: NameMatchHow | null;
  family_kind: string | null;
  family_value: string | null;
  family_points: number | null;
  given_how: NameMatchHow | null;
  given_kind: string | null;
  given_value: string | null;
  given_points: number | null;
}

/**
 * Finds the people the actor may see who match, ranked. Two modes:
 *
 * - `all` (search): everything given must match — the name by spelling, sound or nickname, the
 *   date of birth (or an estimated one within a year), an identifier, a postcode lived at.
 * - `any` (duplicate check): anyone matching the name, the date of birth or an identifier is a
 *   candidate; the caller keeps those that score high enough.
 *
 * Candidates come from indexes first (names by trigram, double metaphone and first given name;
 * dates of birth; identifier values; postcodes); only they are scored and checked against the
 * access rule, which runs inside this same query.
 */
export async function searchVisiblePeople(
  db: Executor,
  actor: Actor,
  now: Date,
  criteria: SearchCriteria,
  mode: 'all' | 'any',
): Promise<SearchRow[]> {
  if (!actor.partnershipId) {
    return [];
  }
  const { name, nicknames } = criteria;
  const sources: RawBuilder<unknown>[] = [];
  // A single word is scored straight from the name rows it finds: see singleWordCandidates.
  if (name?.given && name.family) {
    // Both words on the same name row (the usual case), or either on a previous name, alias or nickname.
    sources.push(sql`select n.person_id from person_name n
      where ${familyCandidate(name.family)} and ${givenCandidate(name.given, nicknames)}`);
    sources.push(...otherNameSources(name.given, name.family, nicknames));
  }
  const dobCandidates = (dob: string) =>
    sql`select p.id as person_id from person p where p.partnership_id = ${actor.partnershipId}
      and (p.date_of_birth = ${dob}::date or (p.date_of_birth_is_estimated
        and p.date_of_birth between ${dob}::date - interval '1 year' and ${dob}::date + interval '1 year'))`;
  const identifierPairs = criteria.identifiers ?? [];
  if (mode === 'any') {
    if (criteria.dateOfBirth) {
      sources.push(dobCandidates(criteria.dateOfBirth));
    }
    for (const identifier of identifierPairs) {
      sources.push(sql`select i.person_id from person_identifier i where i.kind = ${identifier.kind} and i.value = ${identifier.value}`);
    }
  } else if (!name) {
    if (criteria.identifier) {
      sources.push(sql`select i.person_id from person_identifier i where i.value = ${criteria.identifier}`);
    } else if (criteria.postcode) {
      sources.push(sql`select a.person_id from person_address a where a.postcode = ${criteria.postcode}`);
    } else if (criteria.dateOfBirth) {
      sources.push(dobCandidates(criteria.dateOfBirth));
    }
  }
  if (sources.length === 0 && !name?.single) {
    return [];
  }

  const familyWord = name?.family ?? name?.single;
  const givenWord = name?.given ?? name?.single;
  const family = familyWord
    ? bestName('family', familyHow(familyWord))
    : sql`(select null::text as how, null::text as name_kind,
    null::text as value, null::numeric as points)`;
  const given = givenWord
    ? bestName('given', givenHow(givenWord, nicknames))
    : sql`(select null::text as how, null::text as name_kind,
    null::text as value, null::numeric as points)`;
  // offset 0 keeps the planner from folding this into the outer query: candidates first, then the access rule.
  const candidates = name?.single
    ? singleWordCandidates(name.single, nicknames)
    : sql<CandidateRow>`(
    select c.person_id,
      f.how as family_how, f.name_kind as family_kind, f.value as family_value, f.points as family_points,
      g.how as given_how, g.name_kind as given_kind, g.value as given_value, g.points as given_points
    from (${sql.join(sources, sql` union `)}) c
    left join lateral ${family} f on true
    left join lateral ${given} g on true
    offset 0
  )`;

  const dob = criteria.dateOfBirth;
  const dobMatch = dob
    ? sql<'exact' | 'estimated' | null>`case when person.date_of_birth = ${dob}::date then 'exact'
        when person.date_of_birth_is_estimated and person.date_of_birth between ${dob}::date - interval '1 year'
          and ${dob}::date + interval '1 year' then 'estimated' end`
    : sql<null>`null::text`;
  const identifierMatch =
    mode === 'any'
      ? identifierPairs.length > 0
        ? sql<IdentifierKind | null>`(select i.kind from person_identifier i where i.person_id = person.id and (${sql.join(
            identifierPairs.map((pair) => sql`(i.kind = ${pair.kind} and i.value = ${pair.value})`),
            sql` or `,
          )}) order by i.ended_at is null desc limit 1)`
        : sql<null>`null::text`
      : criteria.identifier
        ? sql<IdentifierKind | null>`(select i.kind from person_identifier i where i.person_id = person.id and i.value = ${criteria.identifier}
            order by i.ended_at is null desc limit 1)`
        : sql<null>`null::text`;
  const postcodeMatch = criteria.postcode
    ? sql<'current' | 'past' | null>`(select case when a.valid_to is null then 'current' else 'past' end from person_address a
        where a.person_id = person.id and a.postcode = ${criteria.postcode} order by a.valid_to is null desc limit 1)`
    : sql<null>`null::text`;

  const namePoints = name?.single
    ? sql<number>`greatest(coalesce(m.family_points, 0), coalesce(m.given_points, 0)) * 2`
    : sql<number>`coalesce(m.family_points, 0) + coalesce(m.given_points, 0)`;
  const points = sql<number>`(${namePoints}
    + case ${dobMatch} when 'exact' then ${sql.lit(MATCH_POINTS.dateOfBirth)} when 'estimated' then ${sql.lit(MATCH_POINTS.estimatedDateOfBirth)} else 0 end
    + case when ${identifierMatch} is not null then ${sql.lit(MATCH_POINTS.identifier)} else 0 end
    + case when ${postcodeMatch} is not null then ${sql.lit(MATCH_POINTS.postcode)} else 0 end)`;

  let query = db
    .selectFrom(candidates.as('m'))
    .innerJoin('person', 'person.id', 'm.person_id')
    .select(COLUMNS)
    .select([
      'm.family_how',
      'm.family_kind',
      'm.family_value',
      'm.given_how',
      'm.given_kind',
      'm.given_value',
      dobMatch.as('dob_match'),
      identifierMatch.as('identifier_match'),
      postcodeMatch.as('postcode_match'),
      points.as('points'),
    ])
    .where('person.partnership_id', '=', actor.partnershipId)
    .where(visibleTo(actor, now));
  if (mode === 'all') {
    if (name?.single) {
      query = query.where((eb) => eb.or([eb('m.family_how', 'is not', null), eb('m.given_how', 'is not', null)]));
    } else if (name) {
      query = query.where('m.family_how', 'is not', null).where('m.given_how', 'is not', null);
    }
    if (dob) {
      query = query.where(sql<boolean>`${dobMatch} is not null`);
    }
    if (criteria.identifier) {
      query = query.where(sql<boolean>`${identifierMatch} is not null`);
    }
    if (criteria.postcode) {
      query = query.where(sql<boolean>`${postcodeMatch} is not null`);
    }
  }
  // The planner's cost estimates for trigram conditions are high enough to trigger JIT
  // compilation, which costs more than the whole search; this transaction only.
  await sql`set local jit = off`.execute(db);
  const rows = await query
    .orderBy('points', 'desc')
    .orderBy(sql`lower(person.family_name)`)
    .orderBy(sql`lower(person.given_name)`)
    .orderBy('person.id')
    .limit(criteria.limit)
    .execute();
  return rows.map((row) => ({
    person: toPerson(row),
    family: row.family_how ? { how: row.family_how, nameKind: row.family_kind ?? 'legal', value: row.family_value ?? '' } : undefined,
    given: row.given_how ? { how: row.given_how, nameKind: row.given_kind ?? 'legal', value: row.given_value ?? '' } : undefined,
    dateOfBirth: row.dob_match ?? undefined,
    identifierKind: row.identifier_match ?? undefined,
    postcode: row.postcode_match ?? undefined,
    points: Number(row.points),
  }));
}

// ─── Identity resolution ────────────────────────────────────────────────────────────────────────

/**
 * People as the matching engine reads them, by id, with no access filter: callers only ever pass on
 * scores and ids they may show (the duplicate check says "held by another agency" for the rest).
 * Four queries whatever the number of ids; an estimated date of birth is left out, as agreeing with a
 * guess is no evidence.
 */
export async function unsafeLoadMatchInputs(db: Executor, ids: readonly string[]): Promise<MatchInput[]> {
  if (ids.length === 0) {
    return [];
  }
  const idList = [...ids];
  const [people, names, identifiers, addresses] = await Promise.all([
    db
      .selectFrom('person')
      .select(['id', 'given_name', 'family_name', 'date_of_birth', 'date_of_birth_is_estimated', 'sex'])
      .where('id', 'in', idList)
      .execute(),
    db
      .selectFrom('person_name')
      .select(['person_id', 'given_name', 'family_name'])
      .where('person_id', 'in', idList)
      .where('kind', '<>', 'legal')
      .execute(),
    db
      .selectFrom('person_identifier')
      .select(['person_id', 'kind', 'value'])
      .where('person_id', 'in', idList)
      .where('ended_at', 'is', null)
      .execute(),
    db
      .selectFrom('person_address')
      .select(['person_id', 'line1', 'line2', 'postcode', 'valid_to'])
      .where('person_id', 'in', idList)
      .orderBy(sql`person_address.valid_to is null`, 'desc')
      .orderBy('recorded_at', 'desc')
      .execute(),
  ]);
  const namesOf = groupBy(names);
  const identifiersOf = groupBy(identifiers);
  const addressesOf = groupBy(addresses);
  const inputs = new Map(
    people.map((person) => [
      person.id,
      assembleMatchInput(person, namesOf.get(person.id) ?? [], identifiersOf.get(person.id) ?? [], addressesOf.get(person.id) ?? []),
    ]),
  );
  return idList.flatMap((id) => {
    const input = inputs.get(id);
    return input ? [input] : [];
  });
}

function groupBy<T extends { person_id: string }>(rows: readonly T[]): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const row of rows) {
    const group = groups.get(row.person_id);
    if (group) {
      group.push(row);
    } else {
      groups.set(row.person_id, [row]);
    }
  }
  return groups;
}

interface MatchPersonRow {
  id: string;
  given_name: string;
  family_name: string;
  date_of_birth: string | null;
  date_of_birth_is_estimated: boolean;
  sex: string | null;
}

/**
 * One person as match input, from their row, their names other than the legal one, their live
 * identifiers and their addresses (current first, then newest recorded first).
 */
function assembleMatchInput(
  person: MatchPersonRow,
  names: readonly { given_name: string | null; family_name: string | null }[],
  identifiers: readonly { kind: string; value: string }[],
  addresses: readonly { line1: string; line2: string | null; postcode: string; valid_to: unknown }[],
): MatchInput {
  const input: MatchInput & { otherNames: { forename?: string; surname?: string }[]; otherPostcodes: string[] } = {
    id: person.id,
    forename: person.given_name,
    surname: person.family_name,
    dob: person.date_of_birth_is_estimated ? null : person.date_of_birth,
    sex: person.sex,
    otherNames: names.map((name) => ({
      ...(name.given_name ? { forename: name.given_name } : {}),
      ...(name.family_name ? { surname: name.family_name } : {}),
    })),
    otherPostcodes: [],
    identifiers: {},
  };
  for (const identifier of identifiers) {
    if (identifier.kind === 'nhs_number') {
      input.nhsNumber = identifier.value;
    } else {
      input.identifiers = { ...input.identifiers, [identifier.kind]: identifier.value };
    }
  }
  for (const address of addresses) {
    // Current first (see the ordering): the first address seen is the one compared as "the" address.
    if (input.postcode === undefined && address.valid_to === null) {
      input.postcode = address.postcode;
      input.address = [address.line1, address.line2].filter(Boolean).join(', ');
    } else {
      input.otherPostcodes.push(address.postcode);
    }
  }
  return input;
}

/** Ids of a partnership's people in pages, oldest first, for a scan of the whole register. */
export async function unsafeListPersonIds(
  db: Executor,
  partnershipId: string,
  after: string | undefined,
  limit: number,
): Promise<string[]> {
  let query = db.selectFrom('person').select('id').where('partnership_id', '=', partnershipId).orderBy('id').limit(limit);
  if (after !== undefined) {
    query = query.where('id', '>', after);
  }
  return (await query.execute()).map((row) => row.id);
}

/** What an incoming record offers to find its stored candidates by, one entry per blocking rule. */
export interface MatchCandidateKeys {
  partnershipId: string;
  /** At another person's own check (a scan of stored people), that person is left out. */
  excludeId?: string | undefined;
  identifiers: readonly { kind: string; value: string }[];
  /** The date of birth, and the same with day and month swapped when that is a real date. */
  datesOfBirth: readonly string[];
  /** Given and family name pairs: the legal name first, then pairs with any other names given. */
  names: readonly { given: string; family: string }[];
  birthYear?: number | undefined;
  postcodes: readonly string[];
  /** First letters of the given names, lower case. */
  initials: readonly string[];
  /** At most this many candidates overall. */
  limit: number;
  /** At most this many from each rule (a common name or birthday makes a big block). */
  perRule: number;
}

/**
 * The stored people of a partnership who share a blocking key with an incoming record, as match input (the batch
 * rules of the matching engine, as index lookups): the same identifier; the same date of birth or
 * with day and month swapped; given and family names that sound the same, either way round; a family
 * name that sounds the same and the same year of birth; the same postcode and given-name initial.
 * No access filter: the caller scores them and shows only what the actor may see. People found by
 * more rules come first, then those whose name is spelt most like the one typed, so when a common
 * name or birthday makes a block larger than the limit, the likeliest candidates are kept.
 */
export async function unsafeFindMatchCandidates(db: Executor, keys: MatchCandidateKeys): Promise<MatchInput[]> {
  const cap = sql.lit(keys.perRule);
  const partnership = keys.partnershipId;
  const branches: RawBuilder<unknown>[] = [];
  if (keys.identifiers.length > 0) {
    const pairs = keys.identifiers.map((identifier) => sql`(i.kind = ${identifier.kind} and i.value = ${identifier.value})`);
    branches.push(sql`(select i.person_id from person_identifier i
      where i.partnership_id = ${partnership} and i.ended_at is null and (${sql.join(pairs, sql` or `)}) limit ${cap})`);
  }
  if (keys.datesOfBirth.length > 0) {
    branches.push(sql`(select p.id as person_id from person p where p.partnership_id = ${partnership}
      and p.date_of_birth in (${sql.join(keys.datesOfBirth.map((date) => sql`${date}::date`))}) limit ${cap})`);
  }
  const sound = (value: string) => sql`dmetaphone(split_part(lower(${value}), ' ', 1))`;
  for (const name of keys.names) {
    // Each order is its own branch so that each is one index-only range.
    for (const [family, given] of [
      [name.family, name.given],
      [name.given, name.family],
    ] as const) {
      branches.push(sql`(select n.person_id from person_name n join person p on p.id = n.person_id
        where dmetaphone(n.family_name) = dmetaphone(${family})
          and dmetaphone(split_part(lower(n.given_name), ' ', 1)) = ${sound(given)}
          and p.partnership_id = ${partnership} limit ${cap})`);
    }
  }
  if (keys.birthYear !== undefined) {
    const year = String(keys.birthYear).padStart(4, '0');
    const next = String(keys.birthYear + 1).padStart(4, '0');
    for (const family of new Set(keys.names.map((name) => name.family))) {
      branches.push(sql`(select p.id as person_id from person p where p.partnership_id = ${partnership}
        and dmetaphone(p.family_name) = dmetaphone(${family})
        and p.date_of_birth >= ${`${year}-01-01`}::date and p.date_of_birth < ${`${next}-01-01`}::date limit ${cap})`);
    }
  }
  if (keys.postcodes.length > 0 && keys.initials.length > 0) {
    branches.push(sql`(select a.person_id from person_address a join person p on p.id = a.person_id
      where a.postcode in (${sql.join([...keys.postcodes])}) and p.partnership_id = ${partnership}
        and lower(left(p.given_name, 1)) in (${sql.join([...keys.initials])}) limit ${cap})`);
  }
  if (branches.length === 0) {
    return [];
  }
  const exclude = keys.excludeId ? sql`where c.person_id <> ${keys.excludeId}` : sql``;
  // Among people found by as many rules (a shared birthday alone finds dozens), those whose legal
  // name is closest in spelling to the one typed are kept first.
  const [typed] = keys.names;
  const closeness = typed
    ? sql`similarity(lower(p.family_name), lower(${typed.family})) + similarity(lower(p.given_name), lower(${typed.given}))`
    : sql`0`;
  // The candidates and everything the engine compares, in one round trip: this runs on every check.
  const { rows } = await sql<
    MatchPersonRow & {
      names: { given_name: string | null; family_name: string | null }[] | null;
      identifiers: { kind: string; value: string }[] | null;
      addresses: { line1: string; line2: string | null; postcode: string; valid_to: string | null }[] | null;
    }
  >`with found as (
      select c.person_id, count(*) as rules from (${sql.join(branches, sql` union all `)}) c ${exclude}
      group by c.person_id
    ), ranked as (
      select found.person_id, found.rules, ${closeness} as closeness from found join person p on p.id = found.person_id
      order by found.rules desc, closeness desc, found.person_id limit ${sql.lit(keys.limit)}
    )
    select p.id, p.given_name, p.family_name, p.date_of_birth, p.date_of_birth_is_estimated, p.sex,
      (select json_agg(json_build_object('given_name', n.given_name, 'family_name', n.family_name))
        from person_name n where n.person_id = p.id and n.kind <> 'legal') as names,
      (select json_agg(json_build_object('kind', i.kind, 'value', i.value))
        from person_identifier i where i.person_id = p.id and i.ended_at is null) as identifiers,
      (select json_agg(json_build_object('line1', a.line1, 'line2', a.line2, 'postcode', a.postcode, 'valid_to', a.valid_to)
          order by a.valid_to is null desc, a.recorded_at desc)
        from person_address a where a.person_id = p.id) as addresses
    from ranked join person p on p.id = ranked.person_id
    order by ranked.rules desc, ranked.closeness desc, ranked.person_id`.execute(db);
  return rows.map((row) => assembleMatchInput(row, row.names ?? [], row.identifiers ?? [], row.addresses ?? []));
}

/** Of these people, those the actor may see, with their details; the access rule runs inside the query. */
export async function listVisiblePeopleByIds(db: Executor, actor: Actor, now: Date, ids: readonly string[]): Promise<Person[]> {
  if (ids.length === 0) {
    return [];
  }
  const rows = await db
    .selectFrom('person')
    .select(COLUMNS)
    .where('person.id', 'in', [...ids])
    .where(personVisibleTo(actor, now))
    .execute();
  return rows.map(toPerson);
}

/**
 * Of these people, the restricted ones, with no access filter: a restricted record the actor cannot
 * see is not even hinted at (the duplicate check's neutral prompt leaves it out).
 */
export async function unsafeRestrictedIds(db: Executor, ids: readonly string[]): Promise<Set<string>> {
  if (ids.length === 0) {
    return new Set();
  }
  const rows = await db
    .selectFrom('person')
    .select('id')
    .where('id', 'in', [...ids])
    .where('is_restricted', '=', true)
    .execute();
  return new Set(rows.map((row) => row.id));
}
