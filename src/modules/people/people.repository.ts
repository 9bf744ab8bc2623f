import type { Actor } from '../../platform/access/actor.ts';
import type { Db, Tx } from '../../platform/database/transaction.ts';
import { personVisibleTo } from '../access/index.ts';
import type { Person } from './people.schema.ts';

type Executor = Db | Tx;

/** Every read here takes the actor and applies the access rule inside the query: there is no unscoped read. */
const COLUMNS = ['id', 'given_name', 'family_name', 'date_of_birth', 'is_restricted', 'version', 'created_at', 'updated_at'] as const;

function toPerson(row: {
  id: string;
  given_name: string;
  family_name: string;
  date_of_birth: string | null;
  is_restricted: boolean;
  version: number;
  created_at: Date;
  updated_at: Date;
}): Person {
  return {
    id: row.id,
    givenName: row.given_name,
    familyName: row.family_name,
    dateOfBirth: row.date_of_birth,
    isRestricted: row.is_restricted,
    version: row.version,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

export async function findVisiblePerson(db: Executor, actor: Actor, id: string, now: Date): Promise<Person | undefined> {
  const row = await db.selectFrom('person').select(COLUMNS).where('id', '=', id).where(personVisibleTo(actor, now)).executeTakeFirst();
  return row ? toPerson(row) : undefined;
}

export async function listVisiblePeople(
  db: Executor,
  actor: Actor,
  now: Date,
  filter: { name?: string; limit: number },
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
      given_name: person.givenName,
      family_name: person.familyName,
      date_of_birth: person.dateOfBirth,
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
  changes: { givenName?: string | undefined; familyName?: string | undefined; dateOfBirth?: string | undefined },
  now: Date,
): Promise<boolean> {
  const result = await tx
    .updateTable('person')
    .set((eb) => ({
      ...(changes.givenName !== undefined ? { given_name: changes.givenName } : {}),
      ...(changes.familyName !== undefined ? { family_name: changes.familyName } : {}),
      ...(changes.dateOfBirth !== undefined ? { date_of_birth: changes.dateOfBirth } : {}),
      updated_at: now,
      version: eb('version', '+', 1),
    }))
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
