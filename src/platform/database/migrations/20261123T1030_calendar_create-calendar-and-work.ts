// The working-day calendar every statutory clock runs on, the partnership's own settings, and the
// work items those clocks put in team trays. The official England and Wales bank holidays shipped
// with this release are loaded here so a new database counts working days correctly from its first
// start; later lists arrive with `wholepicture calendar update`, not by editing this file's effect.
// Frozen once released: add a new migration rather than editing this one.

import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { type Kysely, sql } from 'kysely';

interface HolidayFile {
  'england-and-wales': { events: { date: string; title: string }[] };
}

export async function up(db: Kysely<unknown>): Promise<void> {
  const statements = [
    sql`create table calendar_day (
      id uuid primary key,
      partnership_id uuid references partnership(id),
      day date not null,
      title text not null check (length(title) between 1 and 200),
      source text not null check (source in ('official', 'partnership')),
      created_at timestamptz not null default now(),
      created_by text,
      check ((source = 'official') = (partnership_id is null))
    )`,
    sql`create unique index calendar_day_official_day on calendar_day (day) where partnership_id is null`,
    sql`create unique index calendar_day_partnership_day on calendar_day (partnership_id, day) where partnership_id is not null`,
    sql`create table partnership_setting (
      partnership_id uuid not null references partnership(id),
      key text not null,
      value text not null,
      updated_at timestamptz not null,
      updated_by text not null,
      primary key (partnership_id, key)
    )`,
    sql`create table work_item (
      id uuid primary key,
      partnership_id uuid not null references partnership(id),
      kind text not null,
      title text not null check (length(title) between 1 and 200),
      person_id uuid references person(id),
      reference_type text not null,
      reference_id uuid not null,
      team_id uuid not null references team(id),
      holder_user_id uuid references app_user(id),
      opened_at timestamptz not null,
      due_at timestamptz not null,
      clock_label text not null,
      reminded_at timestamptz,
      completed_at timestamptz,
      completed_by text,
      outcome text,
      version integer not null default 1
    )`,
    // A tray is "this team's open work, soonest first": the partial index answers it without
    // touching the closed history, however large that grows.
    sql`create index work_item_team_open on work_item (team_id, due_at) where completed_at is null`,
    sql`create index work_item_holder_open on work_item (holder_user_id, due_at) where completed_at is null`,
    sql`create unique index work_item_one_open_per_reference on work_item (reference_type, reference_id, kind) where completed_at is null`,
    sql`create index work_item_reference on work_item (reference_type, reference_id)`,
  ];
  for (const statement of statements) {
    await statement.execute(db);
  }
  const file = new URL('../../../modules/calendar/bank-holidays.england-and-wales.json', import.meta.url);
  const list = JSON.parse(readFileSync(file, 'utf8')) as HolidayFile;
  for (const event of list['england-and-wales'].events) {
    await sql`insert into calendar_day (id, partnership_id, day, title, source) values (${randomUUID()}, null, ${event.date}, ${event.title}, 'official')`.execute(
      db,
    );
  }
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table work_item`.execute(db);
  await sql`drop table partnership_setting`.execute(db);
  await sql`drop table calendar_day`.execute(db);
}
