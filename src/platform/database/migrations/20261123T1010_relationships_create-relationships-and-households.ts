// Relationships between people (typed, dated, with parental responsibility and whether its evidence
// was seen) and households over time, including adults present but not related. Frozen once merged.
import { type Kysely, sql } from 'kysely';

// Read as "related_person is the <kind> of person". Kept in step with RELATIONSHIP_KINDS in relationships.schema.ts.
const RELATIONSHIP_KINDS = [
  'mother',
  'father',
  'step_parent',
  'parents_partner',
  'sibling',
  'half_sibling',
  'step_sibling',
  'grandparent',
  'aunt_uncle',
  'kinship_carer',
  'foster_carer',
  'special_guardian',
  'adoptive_parent',
  'partner',
  'ex_partner',
  'friend',
  'professional',
  'other',
];

const HOUSEHOLD_ROLES = ['resident', 'regular_visitor', 'present_not_related'];

function list(values: string[]): string {
  return values.map((value) => `'${value}'`).join(', ');
}

export async function up(db: Kysely<unknown>): Promise<void> {
  const statements = [
    sql.raw(`create table relationship (
      id uuid primary key,
      partnership_id uuid not null references partnership(id),
      person_id uuid not null references person(id),
      related_person_id uuid not null references person(id),
      kind text not null check (kind in (${list(RELATIONSHIP_KINDS)})),
      starts_on date,
      ends_on date,
      has_parental_responsibility boolean,
      pr_evidence_seen boolean not null default false,
      pr_evidence_note text,
      seen_on date,
      assessed_on date,
      checks_note text,
      notes text,
      recorded_by uuid not null references app_user(id),
      recorded_at timestamptz not null,
      ended_by uuid references app_user(id),
      version integer not null default 1,
      check (person_id <> related_person_id),
      check (ends_on is null or starts_on is null or ends_on >= starts_on),
      check (not pr_evidence_seen or has_parental_responsibility)
    )`),
    sql`comment on table relationship is 'A typed relationship: related_person is the <kind> of person; has_parental_responsibility null means not known'`,
    sql`create index relationship_person on relationship (person_id)`,
    sql`create index relationship_related_person on relationship (related_person_id)`,
    sql`create table household (
      id uuid primary key,
      partnership_id uuid not null references partnership(id),
      label text not null,
      postcode text,
      created_by uuid not null references app_user(id),
      created_at timestamptz not null
    )`,
    sql`comment on table household is 'A household: the people living at or regularly in one home, over time'`,
    sql.raw(`create table household_member (
      id uuid primary key,
      household_id uuid not null references household(id),
      person_id uuid not null references person(id),
      role text not null check (role in (${list(HOUSEHOLD_ROLES)})),
      starts_on date,
      ends_on date,
      seen_on date,
      assessed_on date,
      checks_note text,
      recorded_by uuid not null references app_user(id),
      recorded_at timestamptz not null,
      ended_by uuid references app_user(id),
      version integer not null default 1,
      check (ends_on is null or starts_on is null or ends_on >= starts_on)
    )`),
    sql`comment on table household_member is 'Who lives in, regularly visits or is present in a household, when, and whether they have been seen and assessed'`,
    sql`create index household_member_person on household_member (person_id)`,
    sql`create index household_member_household on household_member (household_id)`,
  ];
  for (const statement of statements) {
    await statement.execute(db);
  }
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table if exists household_member`.execute(db);
  await sql`drop table if exists household`.execute(db);
  await sql`drop table if exists relationship`.execute(db);
}
