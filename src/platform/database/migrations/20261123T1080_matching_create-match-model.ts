// Identity resolution: the partnership's matching model, every version kept so a score can always
// be traced to the figures that made it. Frozen once released: add a new migration rather than editing this one.
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  const statements = [
    sql`create table match_model (
      id uuid primary key,
      partnership_id uuid not null references partnership(id),
      parameters text not null,
      note text not null,
      created_by text not null,
      created_at timestamptz not null
    )`,
    sql`create index match_model_latest on match_model (partnership_id, created_at desc)`,
  ];
  for (const statement of statements) {
    await statement.execute(db);
  }
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table match_model`.execute(db);
}
