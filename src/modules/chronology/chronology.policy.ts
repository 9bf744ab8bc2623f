import { type Expression, type ExpressionBuilder, type SqlBool, sql } from 'kysely';
import type { Actor } from '../../platform/access/actor.ts';
import type { Database } from '../../platform/database/tables.ts';
import { allocatedToPersonIn, canUseCaseRecords, personVisibleTo } from '../access/index.ts';

/**
 * Who may read a chronology entry, in one place, as SQL the repository puts inside its queries:
 *
 * 1. The reader must be able to see at least one person the entry concerns (the foundation's rule).
 * 2. Then by sensitivity: a standard entry is readable by all such readers; a sensitive one only by
 *    the source agency and by workers or teams allocated to a person it concerns; a confidential one
 *    only by the source agency.
 *
 * A command-line operator (a system actor) reads everything, for review exports run on the server;
 * every such read is audited as system:cli.
 */
export function entryVisibleTo(actor: Actor, now: Date) {
  return (eb: ExpressionBuilder<Database, 'chronology_entry'>): Expression<SqlBool> => {
    if (actor.kind === 'system') {
      return sql<SqlBool>`true`;
    }
    if (!canUseCaseRecords(actor) || !actor.partnershipId) {
      return sql<SqlBool>`false`;
    }
    const seesAPerson = eb.exists(
      eb
        .selectFrom('chronology_entry_person as ep')
        .innerJoin('person', 'person.id', 'ep.person_id')
        .select(sql`1`.as('one'))
        .whereRef('ep.entry_id', '=', 'chronology_entry.id')
        .where((inner) => personVisibleTo(actor, now)(inner as unknown as ExpressionBuilder<Database, 'person'>)),
    );
    const ownAgency = actor.agencyId ? [eb('chronology_entry.source_agency_id', '=', actor.agencyId)] : [];
    const allocated = eb.and([
      eb('chronology_entry.sensitivity', '=', 'sensitive'),
      eb.exists(
        eb
          .selectFrom('chronology_entry_person as ep2')
          .select(sql`1`.as('one'))
          .whereRef('ep2.entry_id', '=', 'chronology_entry.id')
          .where(allocatedToPersonIn(actor, now, 'ep2.person_id')),
      ),
    ]);
    return eb.and([
      eb('chronology_entry.partnership_id', '=', actor.partnershipId),
      seesAPerson,
      eb.or([eb('chronology_entry.sensitivity', '=', 'standard'), ...ownAgency, allocated]),
    ]);
  };
}

/** Recording needs case-record rights and an agency to be the source; the people must be visible (checked in the query). */
export function canRecordEntries(actor: Actor): boolean {
  return canUseCaseRecords(actor) && actor.agencyId !== null;
}

/** Only the source agency may amend or withdraw its own entries: others escalate a disagreement instead. */
export function canCorrectEntry(actor: Actor, entry: { sourceAgencyId: string }): boolean {
  return canUseCaseRecords(actor) && actor.agencyId === entry.sourceAgencyId;
}

/** Bulk import writes on behalf of one agency; an operator at the command line, or a user of that agency. */
export function canImportFor(actor: Actor, agencyId: string): boolean {
  return actor.kind === 'system' || (canUseCaseRecords(actor) && actor.agencyId === agencyId);
}
