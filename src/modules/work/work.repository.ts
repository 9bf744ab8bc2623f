import type { Selectable } from 'kysely';
import type { Tx } from '../../platform/database/transaction.ts';
import { newId } from '../../platform/ids.ts';
import type { OpenWorkItemInput, WorkItem, WorkKind } from './work.schema.ts';
import type { WorkItemTable } from './work.tables.ts';

export function toWorkItem(row: Selectable<WorkItemTable>): WorkItem {
  return {
    id: row.id,
    kind: row.kind as WorkKind,
    title: row.title,
    personId: row.person_id,
    referenceType: row.reference_type,
    referenceId: row.reference_id,
    teamId: row.team_id,
    holderUserId: row.holder_user_id,
    openedAt: new Date(row.opened_at),
    dueAt: new Date(row.due_at),
    clockLabel: row.clock_label,
    completedAt: row.completed_at === null ? null : new Date(row.completed_at),
    outcome: row.outcome,
    version: row.version,
  };
}

/** Opens the item, or returns the one already open for the same reference and kind. */
export async function insertOpenItem(tx: Tx, input: OpenWorkItemInput, openedAt: Date): Promise<WorkItem> {
  const existing = await tx
    .selectFrom('work_item')
    .selectAll()
    .where('reference_type', '=', input.referenceType)
    .where('reference_id', '=', input.referenceId)
    .where('kind', '=', input.kind)
    .where('completed_at', 'is', null)
    .executeTakeFirst();
  if (existing) {
    return toWorkItem(existing);
  }
  const row = await tx
    .insertInto('work_item')
    .values({
      id: newId(),
      partnership_id: input.partnershipId,
      kind: input.kind,
      title: input.title,
      person_id: input.personId ?? null,
      reference_type: input.referenceType,
      reference_id: input.referenceId,
      team_id: input.teamId,
      holder_user_id: input.holderUserId ?? null,
      opened_at: openedAt,
      due_at: input.dueAt,
      clock_label: input.clockLabel,
      reminded_at: null,
      completed_at: null,
      completed_by: null,
      outcome: null,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  return toWorkItem(row);
}

export async function completeOpenItems(
  tx: Tx,
  input: { referenceType: string; referenceId: string; kind?: WorkKind | undefined; outcome: string; at: Date; by: string },
): Promise<WorkItem[]> {
  let query = tx
    .updateTable('work_item')
    .set((eb) => ({ completed_at: input.at, completed_by: input.by, outcome: input.outcome, version: eb('version', '+', 1) }))
    .where('reference_type', '=', input.referenceType)
    .where('reference_id', '=', input.referenceId)
    .where('completed_at', 'is', null);
  if (input.kind) {
    query = query.where('kind', '=', input.kind);
  }
  const rows = await query.returningAll().execute();
  return rows.map(toWorkItem);
}
