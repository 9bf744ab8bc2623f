// Work trays on a clock: a team's tray shows its first page and its counts per state (overdue, due
// soon, due) on every load, and a team may hold 100,000 open items. The counts filter by kind and
// holder, so the open-work index carries both and PostgreSQL answers from the index alone, never
// visiting the rows. Reminders look across every team for items whose deadline is near.
// Frozen once released: add a new migration rather than editing this one.
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  const statements = [
    sql`create index work_item_team_open_tray on work_item (team_id, due_at) include (kind, holder_user_id) where completed_at is null`,
    // The covering index answers everything the narrower one did.
    sql`drop index work_item_team_open`,
    sql`create index work_item_open_due on work_item (due_at) where completed_at is null`,
  ];
  for (const statement of statements) {
    await statement.execute(db);
  }
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop index work_item_open_due`.execute(db);
  await sql`create index work_item_team_open on work_item (team_id, due_at) where completed_at is null`.execute(db);
  await sql`drop index work_item_team_open_tray`.execute(db);
}
