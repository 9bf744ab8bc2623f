import type { Actor, Role } from '../../platform/access/actor.ts';
import { recordAuditEvent } from '../../platform/audit-trail/record-audit-event.ts';
import type { Clock } from '../../platform/clock.ts';
import { type Db, withTransaction } from '../../platform/database/transaction.ts';
import { AppError, ErrorCode } from '../../platform/errors.ts';
import { newId } from '../../platform/ids.ts';
import { parseInput } from '../../platform/validation.ts';
import { assertCanAdministerDirectory } from './agencies.policy.ts';
import * as repository from './agencies.repository.ts';
import { type Agency, CreateAgencyInput, CreateUserInput, type Team, type User } from './agencies.schema.ts';

export function createAgenciesService(db: Db, clock: Clock) {
  async function requireUser(id: string): Promise<User> {
    const user = await repository.findUserById(db, id);
    if (!user) {
      throw new AppError(ErrorCode.NOT_FOUND, 'No user has that id');
    }
    return user;
  }

  return {
    async createPartnership(actor: Actor, input: { code: string; name: string }): Promise<{ id: string }> {
      assertCanAdministerDirectory(actor);
      const id = newId();
      await withTransaction(db, async (tx) => {
        await tx.insertInto('partnership').values({ id, code: input.code, name: input.name }).execute();
        await recordAuditEvent(tx, actor, clock, { action: 'partnership.created', subjectType: 'partnership', subjectId: id });
      });
      return { id };
    },

    async createAgency(actor: Actor, rawInput: CreateAgencyInput): Promise<Agency> {
      assertCanAdministerDirectory(actor);
      const input = parseInput(CreateAgencyInput, rawInput);
      const id = newId();
      await withTransaction(db, async (tx) => {
        await tx
          .insertInto('agency')
          .values({
            id,
            partnership_id: input.partnershipId,
            code: input.code,
            name: input.name,
            kind: input.kind,
            is_statutory_partner: input.isStatutoryPartner,
          })
          .execute();
        await recordAuditEvent(tx, actor, clock, { action: 'agency.created', subjectType: 'agency', subjectId: id });
      });
      return { id, ...input };
    },

    async createTeam(actor: Actor, input: { agencyId: string; name: string }): Promise<Team> {
      assertCanAdministerDirectory(actor);
      const id = newId();
      await withTransaction(db, async (tx) => {
        await tx.insertInto('team').values({ id, agency_id: input.agencyId, name: input.name }).execute();
        await recordAuditEvent(tx, actor, clock, { action: 'team.created', subjectType: 'team', subjectId: id });
      });
      return { id, agencyId: input.agencyId, name: input.name };
    },

    async createUser(actor: Actor, rawInput: CreateUserInput): Promise<User> {
      assertCanAdministerDirectory(actor);
      const input = parseInput(CreateUserInput, rawInput);
      const existing = await repository.findUserByEmail(db, input.email);
      if (existing) {
        throw new AppError(ErrorCode.CONFLICT, `A user with the email ${input.email} already exists`, [
          { field: 'email', message: 'A user with this email address already exists' },
        ]);
      }
      const agency = await db.selectFrom('agency').select('id').where('id', '=', input.agencyId).executeTakeFirst();
      if (!agency) {
        throw new AppError(ErrorCode.VALIDATION, 'There is a problem with the information given', [
          { field: 'agencyId', message: 'Select an agency that exists' },
        ]);
      }
      const id = newId();
      const now = clock.now();
      await withTransaction(db, async (tx) => {
        await tx
          .insertInto('app_user')
          .values({
            id,
            agency_id: input.agencyId,
            email: input.email,
            email_normalised: repository.normaliseEmail(input.email),
            display_name: input.displayName,
            kind: input.kind,
            password_hash: null,
            oidc_issuer: null,
            oidc_subject: null,
            last_sign_in_at: null,
            is_demo: input.isDemo,
          })
          .execute();
        for (const role of new Set(input.roles)) {
          await tx
            .insertInto('role_assignment')
            .values({ id: newId(), user_id: id, role, granted_at: now, granted_by: actor.userId, revoked_at: null, revoked_by: null })
            .execute();
        }
        for (const teamId of new Set(input.teamIds)) {
          await tx
            .insertInto('team_membership')
            .values({ id: newId(), user_id: id, team_id: teamId, starts_at: now, ends_at: null })
            .execute();
        }
        await recordAuditEvent(tx, actor, clock, {
          action: 'user.created',
          subjectType: 'user',
          subjectId: id,
          details: { roles: [...new Set(input.roles)].sort() },
        });
      });
      return requireUser(id);
    },

    async assignRole(actor: Actor, userId: string, role: Role): Promise<void> {
      assertCanAdministerDirectory(actor);
      await requireUser(userId);
      await withTransaction(db, async (tx) => {
        const held = await tx
          .selectFrom('role_assignment')
          .select('id')
          .where('user_id', '=', userId)
          .where('role', '=', role)
          .where('revoked_at', 'is', null)
          .executeTakeFirst();
        if (held) {
          return;
        }
        await tx
          .insertInto('role_assignment')
          .values({
            id: newId(),
            user_id: userId,
            role,
            granted_at: clock.now(),
            granted_by: actor.userId,
            revoked_at: null,
            revoked_by: null,
          })
          .execute();
        await recordAuditEvent(tx, actor, clock, {
          action: 'user.role-assigned',
          subjectType: 'user',
          subjectId: userId,
          details: { role },
        });
      });
    },

    async revokeRole(actor: Actor, userId: string, role: Role): Promise<void> {
      assertCanAdministerDirectory(actor);
      await requireUser(userId);
      await withTransaction(db, async (tx) => {
        await tx
          .updateTable('role_assignment')
          .set({ revoked_at: clock.now(), revoked_by: actor.userId })
          .where('user_id', '=', userId)
          .where('role', '=', role)
          .where('revoked_at', 'is', null)
          .execute();
        await recordAuditEvent(tx, actor, clock, {
          action: 'user.role-revoked',
          subjectType: 'user',
          subjectId: userId,
          details: { role },
        });
      });
    },

    async endTeamMembership(actor: Actor, userId: string, teamId: string): Promise<void> {
      assertCanAdministerDirectory(actor);
      await withTransaction(db, async (tx) => {
        await tx
          .updateTable('team_membership')
          .set({ ends_at: clock.now() })
          .where('user_id', '=', userId)
          .where('team_id', '=', teamId)
          .where('ends_at', 'is', null)
          .execute();
        await recordAuditEvent(tx, actor, clock, { action: 'user.left-team', subjectType: 'user', subjectId: userId, details: { teamId } });
      });
    },

    async deactivateUser(actor: Actor, userId: string): Promise<void> {
      assertCanAdministerDirectory(actor);
      await requireUser(userId);
      await withTransaction(db, async (tx) => {
        await tx.updateTable('app_user').set({ is_active: false }).where('id', '=', userId).execute();
        await tx
          .updateTable('user_session')
          .set({ revoked_at: clock.now() })
          .where('user_id', '=', userId)
          .where('revoked_at', 'is', null)
          .execute();
        await recordAuditEvent(tx, actor, clock, { action: 'user.deactivated', subjectType: 'user', subjectId: userId });
      });
    },

    /**
     * Builds the Actor for a user from the database, every time. Returns undefined for an unknown or
     * deactivated user, so a leaver's session or token stops working on the next request.
     */
    async loadActor(userId: string, requestId?: string): Promise<Actor | undefined> {
      const facts = await repository.loadActorFacts(db, userId, clock.now());
      if (!facts?.user.is_active) {
        return undefined;
      }
      return {
        kind: 'user',
        userId: facts.user.id,
        label: `user:${facts.user.email}`,
        displayName: facts.user.display_name,
        agencyId: facts.user.agency_id,
        partnershipId: facts.user.partnership_id,
        teamIds: facts.teamIds,
        roles: facts.roles as Role[],
        requestId,
      };
    },

    findUserByEmail: (email: string) => repository.findUserByEmail(db, email),
    findUserById: (id: string) => repository.findUserById(db, id),
    listUsers: (filter?: Parameters<typeof repository.listUsers>[1]) => repository.listUsers(db, filter),
    listAgencies: (partnershipId?: string) => repository.listAgencies(db, partnershipId),
    listTeams: (agencyId?: string) => repository.listTeams(db, agencyId),
    async findPartnershipByCode(code: string): Promise<{ id: string; name: string } | undefined> {
      return db.selectFrom('partnership').select(['id', 'name']).where('code', '=', code).executeTakeFirst();
    },
    /** Every partnership on this installation, for jobs that run for each. */
    async listPartnershipIds(): Promise<string[]> {
      return (await db.selectFrom('partnership').select('id').orderBy('id').execute()).map((row) => row.id);
    },
  };
}

export type AgenciesService = ReturnType<typeof createAgenciesService>;
