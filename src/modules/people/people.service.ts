import type { Actor } from '../../platform/access/actor.ts';
import { recordAuditEvent, recordAuditEvents } from '../../platform/audit-trail/record-audit-event.ts';
import { listAuditEntriesForSubject } from '../../platform/audit-trail/verify-chain.ts';
import type { Clock } from '../../platform/clock.ts';
import { type Db, withTransaction } from '../../platform/database/transaction.ts';
import { AppError, ErrorCode, notFound } from '../../platform/errors.ts';
import { newId } from '../../platform/ids.ts';
import { parseInput } from '../../platform/validation.ts';
import type { AccessService } from '../access/index.ts';
import { canCreatePerson, canRestrictPerson, canViewAccessLog } from './people.policy.ts';
import * as repository from './people.repository.ts';
import { type AccessLogEntry, CreatePersonInput, type Person, RestrictPersonInput, UpdatePersonInput } from './people.schema.ts';

export function createPeopleService(db: Db, clock: Clock, access: AccessService) {
  async function mayViewAccessLog(actor: Actor, personId: string): Promise<boolean> {
    const now = clock.now();
    const personPartnershipId = await repository.unsafeFindPersonPartnership(db, personId);
    return (
      personPartnershipId !== undefined &&
      canViewAccessLog(actor, {
        allocatedWorkerIds: await repository.allocatedWorkers(db, personId, now),
        allocatedTeamIds: await repository.allocatedTeams(db, personId, now),
        personPartnershipId,
      })
    );
  }

  return {
    /**
     * Creates a person record. The creator's agency becomes involved and the creator allocated, or
     * nobody — the creator included — could open the record they just made.
     */
    async createPerson(actor: Actor, rawInput: CreatePersonInput): Promise<Person> {
      if (!canCreatePerson(actor) || !actor.userId || !actor.partnershipId) {
        throw new AppError(ErrorCode.FORBIDDEN, 'Your role cannot create person records');
      }
      const input = parseInput(CreatePersonInput, rawInput);
      const now = clock.now();
      const person: Person = {
        id: newId(),
        givenName: input.givenName,
        familyName: input.familyName,
        dateOfBirth: input.dateOfBirth ?? null,
        isRestricted: false,
        version: 1,
        createdAt: now,
        updatedAt: now,
      };
      const system = { ...actor, kind: 'system' as const };
      await withTransaction(db, async (tx) => {
        await repository.insertPerson(tx, { ...person, partnershipId: actor.partnershipId as string, createdBy: actor.userId as string });
        await recordAuditEvent(tx, actor, clock, { action: 'person.created', subjectType: 'person', subjectId: person.id });
        // Recorded as the creator, but with the system's licence: creating implies involvement.
        await access.recordInvolvement(system, { personId: person.id, kind: 'allocated_worker', userId: actor.userId as string }, tx);
        if (actor.agencyId) {
          await access.recordInvolvement(system, { personId: person.id, kind: 'agency_involved', agencyId: actor.agencyId }, tx);
        }
      });
      return person;
    },

    /**
     * Opens a person's record. The read and its audit entry (who, when, and on what basis) commit
     * together; a refused read is audited too, and looks exactly like a person who does not exist.
     */
    async getPerson(actor: Actor, id: string, purpose?: string): Promise<Person> {
      const person = await withTransaction(db, async (tx) => {
        const found = await repository.findVisiblePerson(tx, actor, id, clock.now());
        if (!found) {
          await recordAuditEvent(tx, actor, clock, { action: 'person.viewed', outcome: 'denied', subjectType: 'person', subjectId: id });
          return undefined;
        }
        const bases = await access.liveBasisKinds(tx, actor, id);
        await recordAuditEvent(tx, actor, clock, {
          action: 'person.viewed',
          subjectType: 'person',
          subjectId: id,
          purpose: purpose ?? bases.join(','),
          details: { basis: bases },
        });
        return found;
      });
      if (!person) {
        throw notFound();
      }
      return person;
    },

    /** People the actor may see; every person in the result counts as accessed and is audited. */
    async listPeople(actor: Actor, filter: { name?: string; limit?: number } = {}): Promise<Person[]> {
      const limit = Math.min(Math.max(filter.limit ?? 50, 1), 200);
      return withTransaction(db, async (tx) => {
        const people = await repository.listVisiblePeople(tx, actor, clock.now(), { name: filter.name, limit });
        await recordAuditEvents(
          tx,
          actor,
          clock,
          people.map((person) => ({
            action: 'person.listed',
            subjectType: 'person',
            subjectId: person.id,
            purpose: filter.name ? 'search' : 'list',
          })),
        );
        return people;
      });
    },

    /** Changes a person's details only if nobody else has since: a stale version changes nothing. */
    async updatePerson(actor: Actor, id: string, expectedVersion: number | undefined, rawInput: UpdatePersonInput): Promise<Person> {
      if (expectedVersion === undefined) {
        throw new AppError(ErrorCode.VERSION_REQUIRED, 'Say which version of the record you are changing (If-Match)');
      }
      const input = parseInput(UpdatePersonInput, rawInput);
      return withTransaction(db, async (tx) => {
        const now = clock.now();
        const current = await repository.findVisiblePerson(tx, actor, id, now);
        if (!current) {
          throw notFound();
        }
        const updated = await repository.updateVisiblePerson(tx, actor, id, expectedVersion, input, now);
        if (!updated) {
          throw new AppError(
            ErrorCode.STALE_VERSION,
            'Someone else changed this record after you opened it. Reload it and make your change again.',
          );
        }
        await recordAuditEvent(tx, actor, clock, {
          action: 'person.updated',
          subjectType: 'person',
          subjectId: id,
          details: { fields: Object.keys(input).sort(), fromVersion: expectedVersion },
        });
        const person = await repository.findVisiblePerson(tx, actor, id, now);
        if (!person) {
          throw notFound();
        }
        return person;
      });
    },

    /**
     * Restricts a record (a staff member's child, an adoption, a witness). From then on only explicit
     * grants open it; the restricting manager and the currently allocated workers are granted at once.
     */
    async restrictPerson(actor: Actor, id: string, rawInput: { reason: string }): Promise<void> {
      if (!canRestrictPerson(actor) || !actor.userId) {
        throw new AppError(ErrorCode.FORBIDDEN, 'Your role cannot restrict records');
      }
      const input = parseInput(RestrictPersonInput, rawInput);
      await withTransaction(db, async (tx) => {
        const now = clock.now();
        const current = await repository.findVisiblePerson(tx, actor, id, now);
        if (!current) {
          throw notFound();
        }
        const keepAccess = new Set([actor.userId as string, ...(await repository.allocatedWorkers(tx, id, now))]);
        for (const userId of keepAccess) {
          await access.grantRestrictedAccess({ ...actor, kind: 'system' }, { personId: id, userId, reason: input.reason }, tx);
        }
        await repository.restrictVisiblePerson(tx, actor, id, input.reason, now);
        await recordAuditEvent(tx, actor, clock, { action: 'person.restricted', subjectType: 'person', subjectId: id });
      });
    },

    /** Whether to offer this actor the access log of a person (pages show the link only then). */
    canViewAccessLog: (actor: Actor, personId: string): Promise<boolean> => mayViewAccessLog(actor, personId),

    /** Who has looked at this person's record: for the allocated worker, their team manager and privacy officers. */
    async getAccessLog(actor: Actor, personId: string): Promise<AccessLogEntry[]> {
      if (!(await mayViewAccessLog(actor, personId))) {
        throw notFound();
      }
      const entries = await listAuditEntriesForSubject(db, 'person', personId);
      await withTransaction(db, (tx) =>
        recordAuditEvent(tx, actor, clock, { action: 'person.access-log-viewed', subjectType: 'person', subjectId: personId }),
      );
      return entries.map((entry) => ({
        seq: entry.seq,
        occurredAt: entry.occurredAt,
        actorLabel: entry.actorLabel,
        action: entry.action,
        outcome: entry.outcome,
        purpose: entry.purpose,
      }));
    },
  };
}

export type PeopleService = ReturnType<typeof createPeopleService>;
