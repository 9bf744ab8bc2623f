import { type Expression, type ExpressionBuilder, type Selectable, type SqlBool, sql } from 'kysely';
import type { Actor } from '../../platform/access/actor.ts';
import type { Database } from '../../platform/database/tables.ts';
import type { Db, Tx } from '../../platform/database/transaction.ts';
import { personVisibleTo } from '../access/index.ts';
import type { HouseholdRole, Relationship, RelationshipKind } from './relationships.schema.ts';
import type { RelationshipTable } from './relationships.tables.ts';

type Executor = Db | Tx;

/**
 * The only SQL on relationships and households. Every read that starts from a person or a household
 * takes the actor and applies `personVisibleTo` inside the query; the reads marked `unsafe` return
 * identifiers only, for callers that apply their own rule (the family chronology, the validation of a
 * new link to someone the actor need not see).
 */

/** The people row facts the relationships module needs, and whether the actor may open the record. */
export interface PersonFacts {
  id: string;
  partnershipId: string;
  givenName: string;
  familyName: string;
  dateOfBirth: string | null;
  sex?: string | null;
  isRestricted: boolean;
  visible: boolean;
}

/** A person the actor may see, or undefined (not found and not visible look the same). */
export async function findVisiblePerson(db: Executor, actor: Actor, personId: string, now: Date): Promise<PersonFacts | undefined> {
  const row = await db
    .selectFrom('person')
    .select([
      'person.id',
      'person.partnership_id',
      'person.given_name',
      'person.family_name',
      'person.date_of_birth',
      'person.is_restricted',
    ])
    .where('person.id', '=', personId)
    .where(personVisibleTo(actor, now))
    .executeTakeFirst();
  return row
    ? {
        id: row.id,
        partnershipId: row.partnership_id,
        givenName: row.given_name,
        familyName: row.family_name,
        dateOfBirth: row.date_of_birth,
        isRestricted: row.is_restricted,
        visible: true,
      }
    : undefined;
}

/** Partnership only, to check that a new link stays inside one partnership. Says nothing else about the person. */
export async function unsafeFindPersonPartnership(db: Executor, personId: string): Promise<string | undefined> {
  const row = await db.selectFrom('person').select('person.partnership_id').where('person.id', '=', personId).executeTakeFirst();
  return row?.partnership_id;
}

/**
 * Names and dates of birth of people linked to a record the actor is reading, each with whether the
 * actor may open that person's own record (decided by the same rule, inside the query).
 */
export async function listPeopleFacts(db: Executor, actor: Actor, personIds: string[], now: Date): Promise<Map<string, PersonFacts>> {
  if (personIds.length === 0) {
    return new Map();
  }
  const rows = await db
    .selectFrom('person')
    .select((eb) => [
      'person.id',
      'person.partnership_id',
      'person.given_name',
      'person.family_name',
      'person.date_of_birth',
      'person.sex',
      'person.is_restricted',
      sql<boolean>`(${personVisibleTo(actor, now)(eb)})`.as('visible'),
    ])
    .where('person.id', 'in', [...new Set(personIds)])
    .execute();
  return new Map(
    rows.map((row) => [
      row.id,
      {
        id: row.id,
        partnershipId: row.partnership_id,
        givenName: row.given_name,
        familyName: row.family_name,
        dateOfBirth: row.date_of_birth,
        sex: row.sex,
        isRestricted: row.is_restricted,
        visible: row.visible === true,
      },
    ]),
  );
}

/**
 * The visibility rule is written for a query whose `person` table is in scope; inside a subquery the
 * builder also knows the outer tables, which the rule neither needs nor touches.
 */
// biome-ignore lint/suspicious/noExplicitAny: the outer query's tables vary; the rule only reads `person`
function visibleInScope(actor: Actor, now: Date, eb: ExpressionBuilder<any, any>): Expression<SqlBool> {
  return personVisibleTo(actor, now)(eb as ExpressionBuilder<Database, 'person'>);
}

function toRelationship(row: Selectable<RelationshipTable>): Relationship {
  return {
    id: row.id,
    personId: row.person_id,
    relatedPersonId: row.related_person_id,
    kind: row.kind as RelationshipKind,
    startsOn: row.starts_on,
    endsOn: row.ends_on,
    hasParentalResponsibility: row.has_parental_responsibility,
    prEvidenceSeen: row.pr_evidence_seen,
    prEvidenceNote: row.pr_evidence_note,
    seenOn: row.seen_on,
    assessedOn: row.assessed_on,
    checksNote: row.checks_note,
    notes: row.notes,
    recordedAt: row.recorded_at,
    version: row.version,
  };
}

export async function insertRelationship(
  tx: Tx,
  relationship: Relationship & { partnershipId: string; recordedBy: string },
): Promise<void> {
  await tx
    .insertInto('relationship')
    .values({
      id: relationship.id,
      partnership_id: relationship.partnershipId,
      person_id: relationship.personId,
      related_person_id: relationship.relatedPersonId,
      kind: relationship.kind,
      starts_on: relationship.startsOn,
      ends_on: relationship.endsOn,
      has_parental_responsibility: relationship.hasParentalResponsibility,
      pr_evidence_seen: relationship.prEvidenceSeen,
      pr_evidence_note: relationship.prEvidenceNote,
      seen_on: null,
      assessed_on: null,
      checks_note: null,
      notes: relationship.notes,
      recorded_by: relationship.recordedBy,
      recorded_at: relationship.recordedAt,
      ended_by: null,
      version: relationship.version,
    })
    .execute();
}

/** True when the actor may open the person at either end of the relationship row in scope. */
function eitherEndVisible(actor: Actor, now: Date) {
  return (eb: ExpressionBuilder<Database, 'relationship'>) =>
    eb.exists(
      eb
        .selectFrom('person')
        .select(sql`1`.as('one'))
        .where((inner) =>
          inner.or([
            inner('person.id', '=', inner.ref('relationship.person_id')),
            inner('person.id', '=', inner.ref('relationship.related_person_id')),
          ]),
        )
        .where((inner) => visibleInScope(actor, now, inner)),
    );
}

/** A relationship the actor may work on: they can open the person at one end or the other. */
export async function findVisibleRelationship(db: Executor, actor: Actor, id: string, now: Date): Promise<Relationship | undefined> {
  const row = await db.selectFrom('relationship').selectAll().where('id', '=', id).where(eitherEndVisible(actor, now)).executeTakeFirst();
  return row ? toRelationship(row) : undefined;
}

/** Every relationship touching any of these people, ended ones included, oldest first. Callers have checked access to them. */
export async function listRelationshipsTouching(db: Executor, personIds: string[]): Promise<Relationship[]> {
  if (personIds.length === 0) {
    return [];
  }
  const rows = await db
    .selectFrom('relationship')
    .selectAll()
    .where((eb) => eb.or([eb('person_id', 'in', personIds), eb('related_person_id', 'in', personIds)]))
    .orderBy('recorded_at')
    .orderBy('id')
    .execute();
  return rows.map(toRelationship);
}

/** Ends only a relationship still at the version read; false when someone else changed it first. */
export async function endRelationship(
  tx: Tx,
  id: string,
  change: { endsOn: string; endedBy: string; expectedVersion: number },
): Promise<boolean> {
  const result = await tx
    .updateTable('relationship')
    .set((eb) => ({ ends_on: change.endsOn, ended_by: change.endedBy, version: eb('version', '+', 1) }))
    .where('id', '=', id)
    .where('version', '=', change.expectedVersion)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export async function recordRelationshipChecks(
  tx: Tx,
  id: string,
  checks: { seenOn: string | null; assessedOn: string | null; note: string; expectedVersion: number },
): Promise<boolean> {
  const result = await tx
    .updateTable('relationship')
    .set((eb) => ({ seen_on: checks.seenOn, assessed_on: checks.assessedOn, checks_note: checks.note, version: eb('version', '+', 1) }))
    .where('id', '=', id)
    .where('version', '=', checks.expectedVersion)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export interface HouseholdRow {
  id: string;
  partnershipId: string;
  label: string;
  postcode: string | null;
  createdAt: Date;
}

export interface HouseholdMemberRow {
  id: string;
  householdId: string;
  personId: string;
  role: HouseholdRole;
  startsOn: string | null;
  endsOn: string | null;
  seenOn: string | null;
  assessedOn: string | null;
  checksNote: string | null;
  version: number;
}

export async function insertHousehold(tx: Tx, household: HouseholdRow & { createdBy: string }): Promise<void> {
  await tx
    .insertInto('household')
    .values({
      id: household.id,
      partnership_id: household.partnershipId,
      label: household.label,
      postcode: household.postcode,
      created_by: household.createdBy,
      created_at: household.createdAt,
    })
    .execute();
}

export async function insertHouseholdMember(tx: Tx, member: HouseholdMemberRow & { recordedBy: string; recordedAt: Date }): Promise<void> {
  await tx
    .insertInto('household_member')
    .values({
      id: member.id,
      household_id: member.householdId,
      person_id: member.personId,
      role: member.role,
      starts_on: member.startsOn,
      ends_on: member.endsOn,
      seen_on: member.seenOn,
      assessed_on: member.assessedOn,
      checks_note: member.checksNote,
      recorded_by: member.recordedBy,
      recorded_at: member.recordedAt,
      ended_by: null,
      version: member.version,
    })
    .execute();
}

/**
 * A household is part of the record of everyone who has been in it: the actor may see it when they
 * may open at least one of its members, past or present. `householdIdColumn` names the outer column
 * holding the household's id.
 */
function householdVisible(actor: Actor, now: Date, householdIdColumn: 'household.id' | 'household_member.household_id') {
  // biome-ignore lint/suspicious/noExplicitAny: used from queries on household and on household_member
  return (eb: ExpressionBuilder<any, any>): Expression<SqlBool> =>
    eb.exists(
      (eb as ExpressionBuilder<Database, never>)
        .selectFrom('household_member as visible_member')
        .innerJoin('person', 'person.id', 'visible_member.person_id')
        .select(sql`1`.as('one'))
        .where('visible_member.household_id', '=', sql<string>`${sql.ref(householdIdColumn)}`)
        .where((inner) => visibleInScope(actor, now, inner)),
    );
}

function toHousehold(row: { id: string; partnership_id: string; label: string; postcode: string | null; created_at: Date }): HouseholdRow {
  return { id: row.id, partnershipId: row.partnership_id, label: row.label, postcode: row.postcode, createdAt: row.created_at };
}

export async function findVisibleHousehold(db: Executor, actor: Actor, id: string, now: Date): Promise<HouseholdRow | undefined> {
  const row = await db
    .selectFrom('household')
    .selectAll()
    .where('household.id', '=', id)
    .where(householdVisible(actor, now, 'household.id'))
    .executeTakeFirst();
  return row ? toHousehold(row) : undefined;
}

/** Households this person has ever been part of. The caller has checked that the actor may see the person. */
export async function listHouseholdsOfPerson(db: Executor, personId: string): Promise<HouseholdRow[]> {
  const rows = await db
    .selectFrom('household')
    .selectAll('household')
    .where('household.id', 'in', (eb) =>
      eb.selectFrom('household_member').select('household_member.household_id').where('household_member.person_id', '=', personId),
    )
    .orderBy('household.created_at')
    .orderBy('household.id')
    .execute();
  return rows.map(toHousehold);
}

type MemberRow = {
  id: string;
  household_id: string;
  person_id: string;
  role: string;
  starts_on: string | null;
  ends_on: string | null;
  seen_on: string | null;
  assessed_on: string | null;
  checks_note: string | null;
  version: number;
};

function toMember(row: MemberRow): HouseholdMemberRow {
  return {
    id: row.id,
    householdId: row.household_id,
    personId: row.person_id,
    role: row.role as HouseholdRole,
    startsOn: row.starts_on,
    endsOn: row.ends_on,
    seenOn: row.seen_on,
    assessedOn: row.assessed_on,
    checksNote: row.checks_note,
    version: row.version,
  };
}

const MEMBER_COLUMNS = [
  'household_member.id',
  'household_member.household_id',
  'household_member.person_id',
  'household_member.role',
  'household_member.starts_on',
  'household_member.ends_on',
  'household_member.seen_on',
  'household_member.assessed_on',
  'household_member.checks_note',
  'household_member.version',
] as const;

export async function listMembersOfHouseholds(db: Executor, householdIds: string[]): Promise<HouseholdMemberRow[]> {
  if (householdIds.length === 0) {
    return [];
  }
  const rows = await db
    .selectFrom('household_member')
    .select(MEMBER_COLUMNS)
    .where('household_member.household_id', 'in', householdIds)
    .orderBy('household_member.recorded_at')
    .orderBy('household_member.id')
    .execute();
  return rows.map(toMember);
}

/** A membership the actor may work on: its household is visible to them. */
export async function findVisibleMember(db: Executor, actor: Actor, memberId: string, now: Date): Promise<HouseholdMemberRow | undefined> {
  const row = await db
    .selectFrom('household_member')
    .select(MEMBER_COLUMNS)
    .where('household_member.id', '=', memberId)
    .where(householdVisible(actor, now, 'household_member.household_id'))
    .executeTakeFirst();
  return row ? toMember(row) : undefined;
}

export async function endHouseholdMembership(
  tx: Tx,
  memberId: string,
  change: { endsOn: string; endedBy: string; expectedVersion: number },
): Promise<boolean> {
  const result = await tx
    .updateTable('household_member')
    .set((eb) => ({ ends_on: change.endsOn, ended_by: change.endedBy, version: eb('version', '+', 1) }))
    .where('id', '=', memberId)
    .where('version', '=', change.expectedVersion)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export async function recordMemberChecks(
  tx: Tx,
  memberId: string,
  checks: { seenOn: string | null; assessedOn: string | null; note: string; expectedVersion: number },
): Promise<boolean> {
  const result = await tx
    .updateTable('household_member')
    .set((eb) => ({ seen_on: checks.seenOn, assessed_on: checks.assessedOn, checks_note: checks.note, version: eb('version', '+', 1) }))
    .where('id', '=', memberId)
    .where('version', '=', checks.expectedVersion)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** Everyone sharing a live household with the person on that day, the person included. Ids only, unscoped. */
export async function unsafeHouseholdMemberIds(db: Executor, personId: string, on: string): Promise<string[]> {
  const live = (eb: ExpressionBuilder<Database, 'household_member'>) =>
    eb.and([
      eb.or([eb('household_member.starts_on', 'is', null), eb('household_member.starts_on', '<=', on)]),
      eb.or([eb('household_member.ends_on', 'is', null), eb('household_member.ends_on', '>', on)]),
    ]);
  const rows = await db
    .selectFrom('household_member')
    .select('household_member.person_id')
    .distinct()
    .where('household_member.household_id', 'in', (eb) =>
      eb
        .selectFrom('household_member')
        .select('household_member.household_id')
        .where('household_member.person_id', '=', personId)
        .where(live),
    )
    .where(live)
    .execute();
  return rows.map((row) => row.person_id);
}
