// The one multi-agency chronology and each person's voice. Entries are append-only by construction:
// an amendment is a new entry that supersedes the old, a withdrawal is a row of its own, and
// triggers refuse UPDATE and DELETE, so no practitioner, import or bug can rewrite what was recorded.
// Frozen once released: add a new migration rather than editing this one.
import { type Kysely, sql } from 'kysely';

const CATEGORIES = [
  'incident',
  'police_callout',
  'ae_attendance',
  'home_visit',
  'appointment_attended',
  'appointment_missed',
  'school_attendance',
  'school_exclusion',
  'disclosure',
  'missing_episode',
  'assessment',
  'meeting',
  'decision',
  'referral',
  'plan',
  'other',
];

const VOICE_METHODS = [
  'direct_conversation',
  'seen_alone',
  'observation',
  'play_or_drawing',
  'written',
  'digital',
  'through_interpreter',
  'through_advocate',
  'through_parent_or_carer',
];

function list(values: string[]): string {
  return values.map((value) => `'${value}'`).join(', ');
}

const APPEND_ONLY = ['chronology_entry', 'chronology_entry_person', 'chronology_withdrawal', 'voice_entry'];

export async function up(db: Kysely<unknown>): Promise<void> {
  const statements = [
    sql.raw(`create table chronology_entry (
      id uuid primary key,
      partnership_id uuid not null references partnership(id),
      occurred_at timestamptz not null,
      occurred_at_is_approximate boolean not null default false,
      time_is_known boolean not null default true,
      recorded_at timestamptz not null,
      source_agency_id uuid not null references agency(id),
      author_user_id uuid references app_user(id),
      author_label text not null,
      category text not null check (category in (${list(CATEGORIES)})),
      summary text not null check (length(summary) between 1 and 4000),
      nature text not null check (nature in ('fact', 'opinion')),
      significance text not null check (significance in ('low', 'medium', 'high')),
      sensitivity text not null check (sensitivity in ('standard', 'sensitive', 'confidential')),
      source_reference text,
      supersedes_id uuid references chronology_entry(id),
      amendment_reason text,
      origin_type text,
      origin_id text,
      import_batch_id uuid,
      check ((supersedes_id is null) = (amendment_reason is null)),
      check ((origin_type is null) = (origin_id is null))
    )`),
    sql`comment on table chronology_entry is 'One event in the multi-agency chronology, from one source agency; never edited: amendments are new rows that supersede'`,
    // Only one amendment may supersede an entry, so two people amending at once cannot fork its history.
    sql`create unique index chronology_entry_supersedes on chronology_entry (supersedes_id) where supersedes_id is not null`,
    sql`create unique index chronology_entry_origin on chronology_entry (origin_type, origin_id) where origin_type is not null`,
    // A partner's own reference is imported once: re-sending a file cannot double the chronology.
    sql`create unique index chronology_entry_source_reference on chronology_entry (source_agency_id, source_reference)
      where source_reference is not null and supersedes_id is null`,
    sql`create index chronology_entry_agency on chronology_entry (source_agency_id, occurred_at)`,
    sql`create table chronology_entry_person (
      entry_id uuid not null references chronology_entry(id),
      person_id uuid not null references person(id),
      occurred_at timestamptz not null,
      primary key (entry_id, person_id)
    )`,
    sql`comment on table chronology_entry_person is 'Every person an entry concerns (all the children present, not just one); carries the event time so a person''s latest entries come from one index'`,
    sql`create index chronology_entry_person_timeline on chronology_entry_person (person_id, occurred_at desc, entry_id)`,
    sql`create table chronology_withdrawal (
      entry_id uuid primary key references chronology_entry(id),
      reason text not null,
      withdrawn_by uuid references app_user(id),
      withdrawn_by_label text not null,
      withdrawn_at timestamptz not null
    )`,
    sql`comment on table chronology_withdrawal is 'An entry withdrawn with a reason (wrong person, duplicate); the entry itself is kept'`,
    sql.raw(`create table voice_entry (
      id uuid primary key,
      partnership_id uuid not null references partnership(id),
      person_id uuid not null references person(id),
      heard_on date not null,
      method text not null check (method in (${list(VOICE_METHODS)})),
      heard_individually boolean not null,
      words text not null check (length(words) between 1 and 4000),
      is_verbatim boolean not null,
      wishes_and_feelings text,
      agency_id uuid not null references agency(id),
      recorded_by uuid references app_user(id),
      recorded_by_label text not null,
      recorded_at timestamptz not null
    )`),
    sql`comment on table voice_entry is 'A child''s or adult''s own words, wishes and feelings, about that one individual'`,
    sql`create index voice_entry_person on voice_entry (person_id, heard_on desc)`,
    sql`create function chronology_refuse_change() returns trigger language plpgsql as $$
      begin
        raise exception '% is append-only: % is not allowed', tg_table_name, tg_op using errcode = '42501';
      end
    $$`,
  ];
  for (const table of APPEND_ONLY) {
    statements.push(
      sql.raw(`create trigger ${table}_no_update_or_delete before update or delete on ${table}
        for each row execute function chronology_refuse_change()`),
      sql.raw(`create trigger ${table}_no_truncate before truncate on ${table}
        for each statement execute function chronology_refuse_change()`),
    );
  }
  for (const statement of statements) {
    await statement.execute(db);
  }
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of ['voice_entry', 'chronology_withdrawal', 'chronology_entry_person', 'chronology_entry']) {
    await sql.raw(`drop table ${table}`).execute(db);
  }
  await sql`drop function chronology_refuse_change()`.execute(db);
}
