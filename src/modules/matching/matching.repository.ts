import type { Db, Tx } from '../../platform/database/transaction.ts';

type Executor = Db | Tx;

export interface StoredModel {
  id: string;
  parameters: string;
  note: string;
  createdBy: string;
  createdAt: Date;
}

export async function latestModel(db: Executor, partnershipId: string): Promise<StoredModel | undefined> {
  const row = await db
    .selectFrom('match_model')
    .select(['id', 'parameters', 'note', 'created_by', 'created_at'])
    .where('partnership_id', '=', partnershipId)
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
  return row ? { id: row.id, parameters: row.parameters, note: row.note, createdBy: row.created_by, createdAt: row.created_at } : undefined;
}

export async function insertModel(
  tx: Tx,
  model: { id: string; partnershipId: string; parameters: string; note: string; createdBy: string; createdAt: Date },
): Promise<void> {
  await tx
    .insertInto('match_model')
    .values({
      id: model.id,
      partnership_id: model.partnershipId,
      parameters: model.parameters,
      note: model.note,
      created_by: model.createdBy,
      created_at: model.createdAt,
    })
    .execute();
}
