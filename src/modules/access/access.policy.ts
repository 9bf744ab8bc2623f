import { type Expression, type ExpressionBuilder, type SqlBool, sql } from 'kysely';
import type { Actor } from '../../platform/access/actor.ts';
import { hasPermission, Permission } from '../../platform/access/permissions.ts';
import type { Database } from '../../platform/database/tables.ts';

/**
 * THE decision on who may see a person's records, in one place, as SQL that repositories put
 * inside their queries (so a list can never return a row the rule would refuse). In words:
 *
 * 1. The actor's role must carry the case-records permission (administrators, scrutineers and
 *    business officers never see case records, whatever else is true).
 * 2. The person must belong to the actor's partnership.
 * 3. There must be a live legitimate relationship: an access basis that names the actor, one of
 *    the actor's current teams, or the actor's agency — or a live break-glass for this actor and
 *    this person.
 * 4. A restricted person is visible only through an explicit grant to the actor; teams, agencies
 *    and break-glass do not open restricted records.
 * 5. A record merged into another (a shell) is visible to no one: its rows now belong to the survivor.
 *
 * `access.policy.test.ts` checks this against an independent oracle with random data.
 */
export function canUseCaseRecords(actor: Actor): boolean {
  return actor.kind === 'user' && actor.userId !== null && hasPermission(actor, Permission.caseRecords);
}

export function personVisibleTo(actor: Actor, now: Date) {
  return (eb: ExpressionBuilder<Database, 'person'>): Expression<SqlBool> => {
    if (!canUseCaseRecords(actor) || !actor.userId || !actor.partnershipId) {
      return sql<SqlBool>`false`;
    }
    const userId = actor.userId;
    const basisMatchesActor = (b: ExpressionBuilder<Database, 'access_basis'>) =>
      b.or([
        b('access_basis.user_id', '=', userId),
        ...(actor.agencyId ? [b('access_basis.agency_id', '=', actor.agencyId)] : []),
        ...(actor.teamIds.length > 0 ? [b('access_basis.team_id', 'in', actor.teamIds)] : []),
      ]);
    const liveBasis = eb.exists(
      eb
        .selectFrom('access_basis')
        .select(sql`1`.as('one'))
        .whereRef('access_basis.person_id', '=', 'person.id')
        .where('access_basis.starts_at', '<=', now)
        .where((b) => b.or([b('access_basis.ends_at', 'is', null), b('access_basis.ends_at', '>', now)]))
        .where((b) =>
          b.or([
            b.and([b('person.is_restricted', '=', false), basisMatchesActor(b)]),
            b.and([b('access_basis.kind', '=', 'restricted_grant'), b('access_basis.user_id', '=', userId)]),
          ]),
        ),
    );
    const liveBreakGlass = eb.and([
      eb('person.is_restricted', '=', false),
      eb.exists(
        eb
          .selectFrom('break_glass')
          .select(sql`1`.as('one'))
          .whereRef('break_glass.person_id', '=', 'person.id')
          .where('break_glass.user_id', '=', userId)
          .where('break_glass.started_at', '<=', now)
          .where('break_glass.expires_at', '>', now)
          .where('break_glass.ended_at', 'is', null),
      ),
    ]);
    return eb.and([
      eb('person.partnership_id', '=', actor.partnershipId),
      eb('person.merged_into_id', 'is', null),
      eb.or([liveBasis, liveBreakGlass]),
    ]);
  };
}

export function canManageInvolvement(actor: Actor): boolean {
  return actor.kind === 'system' || hasPermission(actor, Permission.manageInvolvement);
}

export function canBreakGlass(actor: Actor): boolean {
  return actor.kind === 'user' && hasPermission(actor, Permission.breakGlass);
}

export function canOverseePrivacy(actor: Actor): boolean {
  return actor.kind === 'user' && hasPermission(actor, Permission.privacyOversight);
}

export function canGrantRestrictedAccess(actor: Actor): boolean {
  return actor.kind === 'system' || hasPermission(actor, Permission.grantRestrictedAccess);
}

/**
 * True when the actor, or one of their current teams, is allocated to the person whose id is in
 * `personIdColumn` — the key workers, who may read a partner's sensitive entries about that person.
 * The column is trusted SQL: callers pass a literal reference, never input.
 */
export function allocatedToPersonIn(actor: Actor, now: Date, personIdColumn: string): Expression<SqlBool> {
  if (!canUseCaseRecords(actor) || !actor.userId) {
    return sql<SqlBool>`false`;
  }
  const teams = actor.teamIds.length > 0 ? sql`or (ab.kind = 'allocated_team' and ab.team_id in (${sql.join(actor.teamIds)}))` : sql``;
  return sql<SqlBool>`exists (
    select 1 from access_basis ab
    where ab.person_id = ${sql.ref(personIdColumn)}
      and ab.starts_at <= ${now} and (ab.ends_at is null or ab.ends_at > ${now})
      and ((ab.kind = 'allocated_worker' and ab.user_id = ${actor.userId}) ${teams})
  )`;
}
