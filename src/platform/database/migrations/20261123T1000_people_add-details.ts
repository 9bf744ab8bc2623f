// A person's details over time: kind (child, unborn, adult), dates, sex and gender, ethnicity,
// language, disability, death; names, identifiers and addresses with their dates; and an
// append-only history of every field change and correction. Adds the indexes name search needs.
import { type Kysely, sql } from 'kysely';

/** DfE children in need census ethnicity codes; the labels live in people.schema.ts. */
const ETHNICITY_CODES = [
  'WBRI',
  'WIRI',
  'WIRT',
  'WOTH',
  'WROM',
  'MWBC',
  'MWBA',
  'MWAS',
  'MOTH',
  'AIND',
  'APKN',
  'ABAN',
  'AOTH',
  'BCRB',
  'BAFR',
  'BOTH',
  'CHNE',
  'OOTH',
  'REFU',
  'NOBT',
];

function list(values: string[]): string {
  return values.map((value) => `'${value}'`).join(', ');
}

export async function up(db: Kysely<unknown>): Promise<void> {
  const statements = [
    // Trigram similarity and double metaphone: name search tolerant of misspellings. Both are
    // trusted extensions, so a database owner without superuser rights may create them.
    sql`create extension if not exists pg_trgm`,
    sql`create extension if not exists fuzzystrmatch`,

    sql`alter table person add column kind text`,
    // Records made before kinds existed: a child if under 18 on the day of migration, otherwise
    // (or with no date of birth) an adult. Practitioners correct any that are wrong.
    sql`update person set kind = case
          when date_of_birth is not null and date_of_birth > current_date - interval '18 years' then 'child'
          else 'adult' end`,
    sql`alter table person alter column kind set not null`,
    // Only rows written outside the people service (bulk loads, tests) rely on this; the service always says.
    sql`alter table person alter column kind set default 'adult'`,
    sql`alter table person add constraint person_kind_known check (kind in ('child', 'unborn', 'adult'))`,
    sql`alter table person
          add column expected_delivery_date date,
          add column date_of_birth_is_estimated boolean not null default false,
          add column sex text check (sex in ('female', 'male', 'unknown', 'indeterminate')),
          add column gender_identity text,
          add column first_language text,
          add column interpreter_needed boolean,
          add column disability text,
          add column date_of_death date`,
    sql.raw(
      `alter table person add column ethnicity_code text constraint person_ethnicity_code_known check (ethnicity_code in (${list(ETHNICITY_CODES)}))`,
    ),
    sql`alter table person add constraint person_death_not_before_birth check (date_of_death is null or date_of_birth is null or date_of_death >= date_of_birth)`,
    sql`alter table person add constraint person_unborn_has_edd_and_no_dob check (kind <> 'unborn' or (expected_delivery_date is not null and date_of_birth is null))`,
    sql`comment on column person.given_name is 'The current legal given name, mirrored from person_name for listing'`,
    sql`comment on column person.family_name is 'The current legal family name, mirrored from person_name for listing'`,
    sql`comment on column person.ethnicity_code is 'DfE children in need census code (WBRI, MWBC, …)'`,
    sql`create index person_partnership_dob on person (partnership_id, date_of_birth)`,
    sql`create index person_estimated_dob on person (date_of_birth) where date_of_birth_is_estimated`,

    sql`create table person_name (
      id uuid primary key,
      person_id uuid not null references person(id),
      kind text not null check (kind in ('legal', 'alias', 'previous', 'preferred', 'nickname')),
      given_name text,
      family_name text,
      valid_from date,
      valid_to date,
      recorded_by uuid not null references app_user(id),
      recorded_at timestamptz not null,
      check (given_name is not null or family_name is not null),
      check (valid_to is null or valid_from is null or valid_to >= valid_from)
    )`,
    sql`comment on table person_name is 'A person''s names over time: the legal name (also on person), previous names, aliases, preferred names and nicknames'`,
    sql`create index person_name_person on person_name (person_id)`,
    sql`create unique index person_name_one_legal on person_name (person_id) where kind = 'legal'`,
    // Search reads every kind of name. Trigram indexes serve similar spellings and prefixes; double
    // metaphone serves names that sound alike; the first given name serves nicknames exactly.
    sql`create index person_name_family_trgm on person_name using gin (lower(family_name) gin_trgm_ops)`,
    sql`create index person_name_given_trgm on person_name using gin (lower(given_name) gin_trgm_ops)`,
    sql`create index person_name_family_lower on person_name (lower(family_name))`,
    sql`create index person_name_family_dmetaphone on person_name (dmetaphone(family_name))`,
    sql`create index person_name_given_first on person_name (split_part(lower(given_name), ' ', 1))`,
    sql`create index person_name_given_dmetaphone on person_name (dmetaphone(split_part(lower(given_name), ' ', 1)))`,
    // Names other than the legal one are few; small partial indexes let a search combine a legal
    // given name with a previous surname without scanning every name.
    sql`create index person_name_other_family_trgm on person_name using gin (lower(coalesce(family_name, '')) gin_trgm_ops) where kind <> 'legal'`,
    sql`create index person_name_other_given_trgm on person_name using gin (lower(coalesce(given_name, '')) gin_trgm_ops) where kind <> 'legal'`,
    sql`insert into person_name (id, person_id, kind, given_name, family_name, recorded_by, recorded_at)
          select gen_random_uuid(), id, 'legal', given_name, family_name, created_by, created_at from person`,
    // Every person has a legal name row, however the person row was written (the service, a bulk
    // load, a synthetic population): search reads names only from person_name.
    sql`create function person_add_legal_name() returns trigger language plpgsql as $$
      begin
        insert into person_name (id, person_id, kind, given_name, family_name, recorded_by, recorded_at)
          values (gen_random_uuid(), new.id, 'legal', new.given_name, new.family_name, new.created_by, new.created_at);
        return null;
      end
    $$`,
    sql`create trigger person_legal_name_on_insert after insert on person
      for each row execute function person_add_legal_name()`,

    sql`create table person_identifier (
      id uuid primary key,
      person_id uuid not null references person(id),
      partnership_id uuid not null references partnership(id),
      kind text not null check (kind in ('nhs_number', 'upn', 'police_reference', 'la_reference', 'other')),
      value text not null,
      recorded_by uuid not null references app_user(id),
      recorded_at timestamptz not null,
      ended_at timestamptz,
      ended_by uuid references app_user(id),
      end_reason text
    )`,
    sql`comment on table person_identifier is 'NHS number, unique pupil number, police and local authority references; value stored normalised (digits; capitals without spaces)'`,
    sql`create index person_identifier_person on person_identifier (person_id)`,
    sql`create index person_identifier_value on person_identifier (value)`,
    // One live record per NHS number or UPN in a partnership: a second one is a duplicate person.
    sql`create unique index person_identifier_one_live on person_identifier (partnership_id, kind, value)
          where ended_at is null and kind in ('nhs_number', 'upn')`,

    sql`create table person_address (
      id uuid primary key,
      person_id uuid not null references person(id),
      line1 text not null,
      line2 text,
      town text,
      postcode text not null check (postcode ~ '^[A-Z]{1,2}[0-9][A-Z0-9]? [0-9][A-Z]{2}$'),
      valid_from date,
      valid_to date,
      recorded_by uuid not null references app_user(id),
      recorded_at timestamptz not null,
      check (valid_to is null or valid_from is null or valid_to >= valid_from)
    )`,
    sql`comment on table person_address is 'Where a person has lived, from when to when; postcode stored as ''AB1 2CD'''`,
    sql`create index person_address_person on person_address (person_id)`,
    sql`create index person_address_postcode on person_address (postcode)`,

    sql`create table person_change (
      id uuid primary key,
      person_id uuid not null references person(id),
      field text not null,
      old_value text,
      new_value text,
      kind text not null check (kind in ('change', 'correction')),
      reason text,
      changed_by uuid not null references app_user(id),
      changed_at timestamptz not null,
      version integer not null,
      check (kind = 'change' or length(reason) >= 10)
    )`,
    sql`comment on table person_change is 'Append-only history of every change and correction to a person''s details; a correction keeps the value it replaced'`,
    sql`create index person_change_person on person_change (person_id, changed_at)`,
    sql`create function person_change_refuse_change() returns trigger language plpgsql as $$
      begin
        raise exception 'person_change is append-only: % is not allowed', tg_op using errcode = '42501';
      end
    $$`,
    sql`create trigger person_change_no_update_or_delete before update or delete on person_change
      for each row execute function person_change_refuse_change()`,
    sql`create trigger person_change_no_truncate before truncate on person_change
      for each statement execute function person_change_refuse_change()`,
  ];
  for (const statement of statements) {
    await statement.execute(db);
  }
}

export async function down(db: Kysely<unknown>): Promise<void> {
  const statements = [
    sql`drop table if exists person_change`,
    sql`drop function if exists person_change_refuse_change()`,
    sql`drop table if exists person_address`,
    sql`drop table if exists person_identifier`,
    sql`drop trigger if exists person_legal_name_on_insert on person`,
    sql`drop function if exists person_add_legal_name()`,
    sql`drop table if exists person_name`,
    sql`drop index if exists person_estimated_dob`,
    sql`drop index if exists person_partnership_dob`,
    sql`alter table person
          drop constraint if exists person_unborn_has_edd_and_no_dob,
          drop constraint if exists person_death_not_before_birth,
          drop column if exists ethnicity_code,
          drop column if exists date_of_death,
          drop column if exists disability,
          drop column if exists interpreter_needed,
          drop column if exists first_language,
          drop column if exists gender_identity,
          drop column if exists sex,
          drop column if exists date_of_birth_is_estimated,
          drop column if exists expected_delivery_date,
          drop column if exists kind`,
    // The extensions stay: other migrations or an operator may rely on them.
  ];
  for (const statement of statements) {
    await statement.execute(db);
  }
}
