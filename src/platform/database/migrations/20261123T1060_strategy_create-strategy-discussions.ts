// Strategy discussions and meetings (who attended, the four questions' facts, actions), and the
// section 47 enquiries they start with the initial child protection conference clock.
// Frozen once released: add a new migration rather than editing this one.
import { type Kysely, sql } from 'kysely';

const AGENCY_TYPES = ['police', 'local_authority', 'health', 'education', 'probation', 'housing', 'voluntary', 'other'];

function list(values: string[]): string {
  return values.map((value) => `'${value}'`).join(', ');
}

export async function up(db: Kysely<unknown>): Promise<void> {
  const statements = [
    // The referral's kind, receipt and receiving team are copied in when the discussion is recorded:
    // they never change afterwards, and the per-team audit figures then need no join to referrals.
    sql`create table strategy_discussion (
      id uuid primary key,
      partnership_id uuid not null references partnership(id),
      referral_id uuid not null references referral(id),
      referral_kind text not null check (referral_kind in ('child', 'adult')),
      referral_received_at timestamptz not null,
      receiving_team_id uuid references team(id),
      kind text not null check (kind in ('discussion', 'meeting')),
      held_at timestamptz not null,
      due_at timestamptz not null,
      clock_label text not null,
      chair text not null,
      immediate_risk_considered boolean not null,
      immediate_risk_action text,
      views_established boolean not null,
      views_not_established_reason text,
      views_plan text,
      harm_suspected boolean not null,
      outcome text not null,
      recorded_by uuid references app_user(id),
      recorded_by_label text not null,
      recorded_at timestamptz not null,
      check (held_at >= referral_received_at),
      check (views_established or (views_not_established_reason is not null and views_plan is not null))
    )`,
    sql`comment on table strategy_discussion is 'A strategy discussion or meeting about a referral: when, who, risk, views and wishes, and whether significant harm is suspected (children) or an enquiry is needed (adults)'`,
    sql`create index strategy_discussion_referral on strategy_discussion (referral_id, held_at)`,
    sql`create index strategy_discussion_team_held on strategy_discussion (partnership_id, receiving_team_id, held_at)`,
    sql.raw(`create table strategy_attendee (
      discussion_id uuid not null references strategy_discussion(id),
      position integer not null,
      name text not null,
      agency_type text not null check (agency_type in (${list(AGENCY_TYPES)})),
      agency_name text not null,
      role text not null,
      primary key (discussion_id, position)
    )`),
    sql`create table strategy_action (
      id uuid primary key,
      discussion_id uuid not null references strategy_discussion(id),
      description text not null,
      owner_name text not null,
      owner_agency text,
      owner_user_id uuid references app_user(id),
      due_on date not null,
      done boolean not null default false,
      created_by uuid references app_user(id),
      created_at timestamptz not null
    )`,
    sql`create index strategy_action_discussion on strategy_action (discussion_id, created_at)`,
    sql`create table section_47_enquiry (
      id uuid primary key,
      partnership_id uuid not null references partnership(id),
      referral_id uuid not null references referral(id),
      strategy_discussion_id uuid not null references strategy_discussion(id),
      person_ids uuid[] not null,
      started_at timestamptz not null,
      lead_social_worker text,
      lead_user_id uuid references app_user(id),
      team_id uuid not null references team(id),
      icpc_due_at timestamptz not null,
      icpc_anchor text not null check (icpc_anchor in ('initiating', 'last')),
      icpc_held_at timestamptz,
      started_by uuid references app_user(id),
      started_by_label text not null
    )`,
    sql`comment on table section_47_enquiry is 'A section 47 enquiry, started at a strategy discussion that found significant harm suspected, with its initial child protection conference due date'`,
    sql`create unique index section_47_enquiry_referral on section_47_enquiry (referral_id)`,
  ];
  for (const statement of statements) {
    await statement.execute(db);
  }
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of ['section_47_enquiry', 'strategy_action', 'strategy_attendee', 'strategy_discussion']) {
    await sql.raw(`drop table ${table}`).execute(db);
  }
}
