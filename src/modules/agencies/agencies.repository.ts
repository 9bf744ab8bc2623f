import { sql } from 'kysely';
import type { Role } from '../../platform/access/actor.ts';
import type { Db, Tx } from '../../platform/database/transaction.ts';
import type { Agency, AgencyKind, Team, User } from './agencies.schema.ts';

type Executor = Db | Tx;

/**
 * Agencies, teams and users are directory data, not case records: any signed-in user may see who
 * works where. What is private here (password hashes) never leaves this file.
 */
export function normaliseEmail(email: string): string {
  return email.trim().toLowerCase();
}

function toUser(row: {
  id: string;
  email: string;
  display_name: string;
  agency_id: string;
  kind: 'person' | 'service';
  is_active: boolean;
  is_demo: boolean;
  version: number;
}): User {
  return {
    id: row.id,
    email: row.email,
    displayName: row.display_name,
    agencyId: row.agency_id,
    kind: row.kind,
    isActive: row.is_active,
    isDemo: row.is_demo,
    version: row.version,
  };
}

const USER_COLUMNS = ['id', 'email', 'display_name', 'agency_id', 'kind', 'is_active', 'is_demo', 'version'] as const;

export async function findUserById(db: Executor, id: string): Promise<User | undefined> {
  const row = await db.selectFrom('app_user').select(USER_COLUMNS).where('id', '=', id).executeTakeFirst();
  return row ? toUser(row) : undefined;
}

export async function findUserByEmail(db: Executor, email: string): Promise<User | undefined> {
  const row = await db.selectFrom('app_user').select(USER_COLUMNS).where('email_normalised', '=', normaliseEmail(email)).executeTakeFirst();
  return row ? toUser(row) : undefined;
}

export async function listUsers(db: Executor, filter: { agencyId?: string; role?: Role } = {}): Promise<User[]> {
  let query = db.selectFrom('app_user').select(USER_COLUMNS).orderBy('display_name').orderBy('id');
  if (filter.agencyId) {
    query = query.where('agency_id', '=', filter.agencyId);
  }
  if (filter.role) {
    const role = filter.role;
    query = query.where('id', 'in', (sub) =>
      sub.selectFrom('role_assignment').select('user_id').where('role', '=', role).where('revoked_at', 'is', null),
    );
  }
  return (await query.execute()).map(toUser);
}

export async function listAgencies(db: Executor, partnershipId?: string): Promise<Agency[]> {
  let query = db.selectFrom('agency').selectAll().orderBy('name').orderBy('id');
  if (partnershipId) {
    query = query.where('partnership_id', '=', partnershipId);
  }
  const rows = await query.execute();
  return rows.map((row) => ({
    id: row.id,
    partnershipId: row.partnership_id,
    code: row.code,
    name: row.name,
    kind: row.kind as AgencyKind,
    isStatutoryPartner: row.is_statutory_partner,
  }));
}

export async function listTeams(db: Executor, agencyId?: string): Promise<Team[]> {
  let query = db.selectFrom('team').select(['id', 'agency_id', 'name']).orderBy('name').orderBy('id');
  if (agencyId) {
    query = query.where('agency_id', '=', agencyId);
  }
  return (await query.execute()).map((row) => ({ id: row.id, agencyId: row.agency_id, name: row.name }));
}

/**
 * Everything needed to build an Actor — the user, their live roles and their current teams — in one
 * query, read on every request so a revocation is seen at once; one round trip, not three.
 */
export async function loadActorFacts(db: Executor, userId: string, now: Date) {
  const row = await db
    .selectFrom('app_user')
    .innerJoin('agency', 'agency.id', 'app_user.agency_id')
    .select((eb) => [
      'app_user.id',
      'app_user.email',
      'app_user.display_name',
      'app_user.agency_id',
      'app_user.is_active',
      'app_user.kind',
      'agency.partnership_id',
      sql<string[]>`array(${eb
        .selectFrom('role_assignment')
        .select('role')
        .whereRef('role_assignment.user_id', '=', 'app_user.id')
        .where('role_assignment.revoked_at', 'is', null)
        .orderBy('role')})`.as('roles'),
      sql<string[]>`array(${eb
        .selectFrom('team_membership')
        .select('team_id')
        .whereRef('team_membership.user_id', '=', 'app_user.id')
        .where('team_membership.starts_at', '<=', now)
        .where((inner) => inner.or([inner('team_membership.ends_at', 'is', null), inner('team_membership.ends_at', '>', now)]))
        .orderBy('team_membership.starts_at')})`.as('team_ids'),
    ])
    .where('app_user.id', '=', userId)
    .executeTakeFirst();
  if (!row) {
    return undefined;
  }
  const { roles, team_ids: teamIds, ...user } = row;
  return { user, roles, teamIds };
}
