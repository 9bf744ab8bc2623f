import type { Actor } from '../../platform/access/actor.ts';
import { recordAuditEvent, recordAuditEvents } from '../../platform/audit-trail/record-audit-event.ts';
import { type Clock, MINUTE_MS } from '../../platform/clock.ts';
import { type Db, type Tx, withTransaction } from '../../platform/database/transaction.ts';
import { AppError, ErrorCode, notFound } from '../../platform/errors.ts';
import { newId } from '../../platform/ids.ts';
import { notify } from '../../platform/notifications/notifications.ts';
import { parseInput } from '../../platform/validation.ts';
import { canBreakGlass, canGrantRestrictedAccess, canManageInvolvement, canOverseePrivacy, canUseCaseRecords } from './access.policy.ts';
import * as repository from './access.repository.ts';
import {
  type AccessBasis,
  BREAK_GLASS_MINUTES,
  type BreakGlassGrant,
  RecordInvolvementInput,
  ReviewBreakGlassInput,
  StartBreakGlassInput,
} from './access.schema.ts';

export function createAccessService(db: Db, clock: Clock) {
  /** Resolves to the person if the actor may see them; otherwise NOT_FOUND, identical to a person who does not exist. */
  async function requireVisiblePerson(executor: Db | Tx, actor: Actor, personId: string) {
    const person = await repository.findVisiblePersonRef(executor, actor, personId, clock.now());
    if (!person) {
      throw notFound();
    }
    return person;
  }

  async function addBasis(
    tx: Tx,
    actor: Actor,
    input: RecordInvolvementInput | (Omit<RecordInvolvementInput, 'kind'> & { kind: 'restricted_grant' }),
  ) {
    const basis: AccessBasis = {
      id: newId(),
      personId: input.personId,
      kind: input.kind,
      userId: input.userId ?? null,
      teamId: input.teamId ?? null,
      agencyId: input.agencyId ?? null,
      startsAt: clock.now(),
      endsAt: null,
    };
    await repository.insertBasis(tx, {
      ...basis,
      reason: input.reason ?? null,
      sourceType: input.sourceType ?? null,
      sourceId: input.sourceId ?? null,
      createdBy: actor.userId,
      createdAt: clock.now(),
    });
    await recordAuditEvent(tx, actor, clock, {
      action: 'access.basis-added',
      subjectType: 'person',
      subjectId: input.personId,
      details: { basisId: basis.id, kind: basis.kind, userId: basis.userId, teamId: basis.teamId, agencyId: basis.agencyId },
    });
    return basis;
  }

  return {
    /**
     * Records a legitimate relationship (allocation, involvement, meeting membership, a sharing
     * decision). The recorder must already see the person; start-up and CLI work may record freely.
     */
    async recordInvolvement(actor: Actor, rawInput: RecordInvolvementInput, tx?: Tx): Promise<AccessBasis> {
      const input = parseInput(RecordInvolvementInput, rawInput);
      if (!canManageInvolvement(actor) && !(actor.kind === 'user' && canUseCaseRecords(actor) && input.kind === 'sharing_decision')) {
        throw new AppError(ErrorCode.FORBIDDEN, 'Your role cannot record involvement or allocations');
      }
      const run = async (t: Tx) => {
        if (actor.kind !== 'system') {
          await requireVisiblePerson(t, actor, input.personId);
        }
        return addBasis(t, actor, input);
      };
      return tx ? run(tx) : withTransaction(db, run);
    },

    async endInvolvement(actor: Actor, basisId: string): Promise<void> {
      if (!canManageInvolvement(actor)) {
        throw new AppError(ErrorCode.FORBIDDEN, 'Your role cannot end involvement or allocations');
      }
      await withTransaction(db, async (tx) => {
        const basis = await repository.findBasis(tx, basisId);
        if (!basis) {
          throw notFound();
        }
        if (actor.kind !== 'system') {
          await requireVisiblePerson(tx, actor, basis.personId);
        }
        await repository.endBasis(tx, basisId, clock.now());
        await recordAuditEvent(tx, actor, clock, {
          action: 'access.basis-ended',
          subjectType: 'person',
          subjectId: basis.personId,
          details: { basisId, kind: basis.kind },
        });
      });
    },

    /**
     * Ends the access a module's record granted when that record no longer needs it, in the module's
     * own transaction: an answered information request stops opening the people to the partner.
     */
    async endInvolvementsFromModule(tx: Tx, actor: Actor, source: { sourceType: string; sourceId: string }): Promise<number> {
      const ended = await repository.endBasesBySource(tx, source.sourceType, source.sourceId, clock.now());
      for (const basis of ended) {
        await recordAuditEvent(tx, actor, clock, {
          action: 'access.basis-ended',
          subjectType: 'person',
          subjectId: basis.person_id,
          details: { basisId: basis.id, kind: basis.kind, sourceType: source.sourceType, sourceId: source.sourceId },
        });
      }
      return ended.length;
    },

    /** Lets one named user into a restricted record. Only managers who can already see it may grant. */
    async grantRestrictedAccess(actor: Actor, input: { personId: string; userId: string; reason: string }, tx?: Tx): Promise<AccessBasis> {
      if (!canGrantRestrictedAccess(actor)) {
        throw new AppError(ErrorCode.FORBIDDEN, 'Your role cannot grant access to restricted records');
      }
      if (input.reason.trim().length < 10) {
        throw new AppError(ErrorCode.VALIDATION, 'There is a problem with the information given', [
          { field: 'reason', message: 'Explain in at least 10 characters why this person needs access' },
        ]);
      }
      const run = async (t: Tx) => {
        if (actor.kind !== 'system') {
          await requireVisiblePerson(t, actor, input.personId);
        }
        return addBasis(t, actor, { personId: input.personId, kind: 'restricted_grant', userId: input.userId, reason: input.reason });
      };
      return tx ? run(tx) : withTransaction(db, run);
    },

    async listBasesForPerson(actor: Actor, personId: string): Promise<AccessBasis[]> {
      await requireVisiblePerson(db, actor, personId);
      return repository.listBasesForPerson(db, personId);
    },

    /**
     * Emergency access to one person for at most an hour: a reason from the list and an explanation
     * are required, the privacy officers are alerted in the same transaction, and a different person
     * must review it afterwards. Restricted records cannot be opened this way.
     */
    async startBreakGlass(actor: Actor, rawInput: StartBreakGlassInput): Promise<BreakGlassGrant> {
      if (!canBreakGlass(actor) || !actor.userId) {
        throw new AppError(ErrorCode.FORBIDDEN, 'Your role cannot use emergency access');
      }
      const input = parseInput(StartBreakGlassInput, rawInput);
      const userId = actor.userId;
      // A refusal is committed, not thrown inside the transaction: a rollback would erase its audit event.
      const grant = await withTransaction(db, async (tx): Promise<BreakGlassGrant | undefined> => {
        const person = await repository.unsafeFindPersonRef(tx, input.personId);
        if (!person || person.partnership_id !== actor.partnershipId || person.is_restricted) {
          await recordAuditEvent(tx, actor, clock, {
            action: 'break-glass.refused',
            outcome: 'denied',
            subjectType: 'person',
            subjectId: input.personId,
            purpose: input.reasonCode,
          });
          return undefined;
        }
        const now = clock.now();
        const grant: BreakGlassGrant = {
          id: newId(),
          userId,
          personId: input.personId,
          reasonCode: input.reasonCode,
          startedAt: now,
          expiresAt: new Date(now.getTime() + BREAK_GLASS_MINUTES * MINUTE_MS),
          endedAt: null,
          reviewedBy: null,
          reviewOutcome: null,
        };
        await repository.insertBreakGlass(tx, { ...grant, reasonText: input.reasonText });
        let officers = await repository.privacyOfficersFor(tx, input.personId, actor.agencyId);
        if (officers.length === 0) {
          officers = await repository.partnershipPrivacyOfficers(tx, person.partnership_id);
        }
        await notify(tx, {
          recipientUserIds: officers.filter((id) => id !== userId),
          kind: 'break-glass.started',
          referenceType: 'break_glass',
          referenceId: grant.id,
          now,
        });
        await recordAuditEvent(tx, actor, clock, {
          action: 'break-glass.started',
          subjectType: 'person',
          subjectId: input.personId,
          purpose: input.reasonCode,
          details: { breakGlassId: grant.id, expiresAt: grant.expiresAt.toISOString(), notified: officers.length },
        });
        return grant;
      });
      if (!grant) {
        throw notFound();
      }
      return grant;
    },

    async endBreakGlass(actor: Actor, breakGlassId: string): Promise<void> {
      await withTransaction(db, async (tx) => {
        const grant = await repository.findBreakGlass(tx, breakGlassId);
        if (!grant || grant.userId !== actor.userId) {
          throw notFound();
        }
        await repository.endBreakGlass(tx, breakGlassId, clock.now());
        await recordAuditEvent(tx, actor, clock, {
          action: 'break-glass.ended',
          subjectType: 'person',
          subjectId: grant.personId,
          details: { breakGlassId },
        });
      });
    },

    async listBreakGlassAwaitingReview(actor: Actor): Promise<BreakGlassGrant[]> {
      if (!canOverseePrivacy(actor) || !actor.partnershipId) {
        throw new AppError(ErrorCode.FORBIDDEN, 'Only a privacy officer can review emergency access');
      }
      return repository.listBreakGlassAwaitingReview(db, actor.partnershipId);
    },

    async reviewBreakGlass(actor: Actor, breakGlassId: string, rawInput: ReviewBreakGlassInput): Promise<void> {
      if (!canOverseePrivacy(actor) || !actor.userId) {
        throw new AppError(ErrorCode.FORBIDDEN, 'Only a privacy officer can review emergency access');
      }
      const input = parseInput(ReviewBreakGlassInput, rawInput);
      const reviewerId = actor.userId;
      await withTransaction(db, async (tx) => {
        const grant = await repository.findBreakGlass(tx, breakGlassId);
        if (!grant) {
          throw notFound();
        }
        if (grant.userId === reviewerId) {
          throw new AppError(ErrorCode.FORBIDDEN, 'Someone else must review your own emergency access');
        }
        if (grant.reviewedBy) {
          throw new AppError(ErrorCode.CONFLICT, 'This emergency access has already been reviewed');
        }
        await repository.reviewBreakGlass(tx, breakGlassId, {
          reviewerId,
          outcome: input.outcome,
          note: input.note ?? null,
          now: clock.now(),
        });
        await recordAuditEvents(tx, actor, clock, [
          {
            action: 'break-glass.reviewed',
            subjectType: 'person',
            subjectId: grant.personId,
            details: { breakGlassId, outcome: input.outcome },
          },
        ]);
      });
    },

    /** For other modules' services: the live bases that let this actor in, recorded as the "why" of a read. */
    liveBasisKinds: (executor: Db | Tx, actor: Actor, personId: string) =>
      repository.liveBasisKinds(executor, actor, personId, clock.now()),
    requireVisiblePerson,
  };
}

export type AccessService = ReturnType<typeof createAccessService>;
