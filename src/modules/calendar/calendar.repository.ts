import { sql } from 'kysely';
import type { Db, Tx } from '../../platform/database/transaction.ts';
import { newId } from '../../platform/ids.ts';
import type { NonWorkingDay } from './calendar.schema.ts';

type Executor = Db | Tx;

/** The official days and this partnership's own, oldest first. */
export async function listNonWorkingDays(executor: Executor, partnershipId: string | null): Promise<NonWorkingDay[]> {
  const rows = await executor
    .selectFrom('calendar_day')
    .select(['day', 'title', 'source'])
    .where((eb) =>
      partnershipId
        ? eb.or([eb('partnership_id', 'is', null), eb('partnership_id', '=', partnershipId)])
        : eb('partnership_id', 'is', null),
    )
    .orderBy('day')
    .execute();
  // Both drivers are set to hand `date` columns back as YYYY-MM-DD text (platform/database).
  return rows.map((row) => ({ date: row.day, title: row.title, source: row.source }));
}

/** Replaces the official days of the given years with `days`, returning how many went and came. */
export async function replaceOfficialYears(
  tx: Tx,
  years: number[],
  days: { date: string; title: string }[],
): Promise<{ removed: number; added: number }> {
  const removed = await tx
    .deleteFrom('calendar_day')
    .where('partnership_id', 'is', null)
    .where(sql<number>`extract(year from day)::int`, 'in', years)
    .executeTakeFirst();
  if (days.length > 0) {
    await tx
      .insertInto('calendar_day')
      .values(
        days.map((day) => ({
          id: newId(),
          partnership_id: null,
          day: day.date,
          title: day.title,
          source: 'official' as const,
          created_by: null,
        })),
      )
      .execute();
  }
  return { removed: Number(removed.numDeletedRows), added: days.length };
}

export async function officialDayCount(executor: Executor): Promise<number> {
  const row = await executor
    .selectFrom('calendar_day')
    .select((eb) => eb.fn.countAll<string>().as('count'))
    .where('partnership_id', 'is', null)
    .executeTakeFirstOrThrow();
  return Number(row.count);
}

export async function insertPartnershipDay(
  tx: Tx,
  input: { partnershipId: string; date: string; title: string; createdBy: string },
): Promise<boolean> {
  const result = await tx
    .insertInto('calendar_day')
    .values({
      id: newId(),
      partnership_id: input.partnershipId,
      day: input.date,
      title: input.title,
      source: 'partnership',
      created_by: input.createdBy,
    })
    .onConflict((oc) => oc.doNothing())
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
}

export async function deletePartnershipDay(tx: Tx, partnershipId: string, date: string): Promise<boolean> {
  const result = await tx.deleteFrom('calendar_day').where('partnership_id', '=', partnershipId).where('day', '=', date).executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}

export async function readSetting(executor: Executor, partnershipId: string, key: string): Promise<string | null> {
  const row = await executor
    .selectFrom('partnership_setting')
    .select('value')
    .where('partnership_id', '=', partnershipId)
    .where('key', '=', key)
    .executeTakeFirst();
  return row?.value ?? null;
}

export async function writeSetting(
  tx: Tx,
  input: { partnershipId: string; key: string; value: string; at: Date; by: string },
): Promise<void> {
  await tx
    .insertInto('partnership_setting')
    .values({ partnership_id: input.partnershipId, key: input.key, value: input.value, updated_at: input.at, updated_by: input.by })
    .onConflict((oc) =>
      oc.columns(['partnership_id', 'key']).doUpdateSet({ value: input.value, updated_at: input.at, updated_by: input.by }),
    )
    .execute();
}

export async function onlyPartnershipId(executor: Executor): Promise<string | null> {
  const rows = await executor.selectFrom('partnership').select('id').limit(2).execute();
  return rows.length === 1 ? (rows[0]?.id ?? null) : null;
}
