// Identity resolution, the human in the loop: the review queue of likely duplicates, and merges kept
// as a ledger of every row they moved so that each can be undone exactly (ADR 0015). Frozen once
// released: add a new migration rather than editing this one.
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  const statements = [
    // A merged record stays as a shell pointing at the record it became part of; access rules hide it.
    sql`alter table person add column merged_into_id uuid references person(id)`,
    sql`alter table person add constraint person_not_merged_into_itself check (merged_into_id is null or merged_into_id <> id)`,
    sql`create index person_merged_into on person (merged_into_id) where merged_into_id is not null`,
    sql`create table duplicate_candidate (
      id uuid primary key,
      partnership_id uuid not null references partnership(id),
      person_a_id uuid not null references person(id),
      person_b_id uuid not null references person(id),
      probability double precision not null check (probability between 0 and 1),
      weight double precision not null,
      decision text not null check (decision in ('link', 'review', 'none')),
      guard text,
      evidence text not null,
      snapshot text not null,
      status text not null check (status in ('open', 'confirmed', 'rejected', 'linked', 'withdrawn')),
      found_by text not null check (found_by in ('scan', 'creation', 'intake')),
      found_at timestamptz not null,
      scored_at timestamptz not null,
      decided_by uuid references app_user(id),
      decided_by_label text,
      decided_at timestamptz,
      reason text,
      version integer not null default 1,
      check (person_a_id < person_b_id),
      unique (person_a_id, person_b_id)
    )`,
    sql`comment on table duplicate_candidate is 'Two records that may be the same person, with the score and its evidence, and the decision; evidence is the PairScore as JSON, snapshot both records as the matching engine read them (JSON), so decisions can train the model after a merge'`,
    sql`create index duplicate_candidate_queue on duplicate_candidate (partnership_id, status, probability desc)`,
    sql`create index duplicate_candidate_person_b on duplicate_candidate (person_b_id)`,
    sql`create table person_merge (
      id uuid primary key,
      partnership_id uuid not null references partnership(id),
      survivor_id uuid not null references person(id),
      merged_id uuid not null references person(id),
      candidate_id uuid references duplicate_candidate(id),
      reason text not null,
      merged_by uuid references app_user(id),
      merged_by_label text not null,
      merged_at timestamptz not null,
      survivor_was_restricted boolean not null,
      survivor_restriction_reason text,
      unmerged_at timestamptz,
      unmerged_by uuid references app_user(id),
      unmerged_by_label text,
      unmerge_reason text,
      check (survivor_id <> merged_id),
      check ((unmerged_at is null) = (unmerged_by_label is null))
    )`,
    sql`comment on table person_merge is 'One record merged into another: who, when, why, and how the survivor''s restriction stood, so an unmerge restores it'`,
    sql`create unique index person_merge_one_live on person_merge (merged_id) where unmerged_at is null`,
    sql`create index person_merge_survivor on person_merge (survivor_id)`,
    sql`create table person_merge_row (
      id uuid primary key,
      merge_id uuid not null references person_merge(id),
      table_name text not null,
      column_name text not null,
      row_key text not null,
      action text not null check (action in ('moved', 'kept')),
      original_kind text,
      note text
    )`,
    sql`comment on table person_merge_row is 'The ledger of a merge: each row that referred to the merged person, moved to the survivor or kept with the shell (a conflict), by its primary key (JSON, text values, without the moved column); original_kind is a legal name''s kind before it became an alias'`,
    sql`create index person_merge_row_merge on person_merge_row (merge_id)`,
    // The chronology stays append-only, with one sanctioned exception: a merge (or its undoing) may
    // change which person a row is about, and nothing else, when it names the two people for its own
    // transaction. Content is never rewritten, and the ledger and the audit trail say what moved.
    sql`create or replace function chronology_refuse_change() returns trigger language plpgsql as $$
      declare
        pair text := current_setting('wholepicture.person_merge', true);
        allowed boolean;
      begin
        if tg_op = 'UPDATE' and pair is not null and pair <> '' then
          select bool_and(o.value = n.value
              or (o.value = to_jsonb(split_part(pair, ',', 1)) and n.value = to_jsonb(split_part(pair, ',', 2))))
            into allowed
            from jsonb_each(to_jsonb(old)) o join jsonb_each(to_jsonb(new)) n on n.key = o.key;
          if allowed then
            return new;
          end if;
        end if;
        raise exception '% is append-only: % is not allowed', tg_table_name, tg_op using errcode = '42501';
      end
    $$`,
  ];
  for (const statement of statements) {
    await statement.execute(db);
  }
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`create or replace function chronology_refuse_change() returns trigger language plpgsql as $$
      begin
        raise exception '% is append-only: % is not allowed', tg_table_name, tg_op using errcode = '42501';
      end
    $$`.execute(db);
  await sql`drop table person_merge_row`.execute(db);
  await sql`drop table person_merge`.execute(db);
  await sql`drop table duplicate_candidate`.execute(db);
  await sql`alter table person drop column merged_into_id`.execute(db);
}
