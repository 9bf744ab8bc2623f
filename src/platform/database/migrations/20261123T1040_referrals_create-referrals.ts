// The front door: partner contacts, referrals (children's Request for Help and adult safeguarding
// concerns), who they are about, the route each took and the onward work each route started.
// Frozen once released: add a new migration rather than editing this one.
import { type Kysely, sql } from 'kysely';

const STATUSES = ['draft', 'received', 'rated', 'information_gathering', 'decided'];
const ROUTES = [
  'no_further_action',
  'advice',
  'signposting',
  'early_help_assessment',
  'child_and_family_assessment',
  'strategy_discussion',
  's42_decision',
  'section_47',
  's42_enquiry',
];
const ONWARD_KINDS = ['early_help_assessment', 'child_and_family_assessment', 'section_47', 's42_enquiry', 'advocacy'];
const CONSENT = ['given', 'refused', 'not_sought'];
const ABUSE_CATEGORIES = [
  'physical',
  'domestic',
  'sexual',
  'psychological',
  'financial_or_material',
  'modern_slavery',
  'discriminatory',
  'organisational',
  'neglect_and_acts_of_omission',
  'self_neglect',
];

function list(values: string[]): string {
  return values.map((value) => `'${value}'`).join(', ');
}

export async function up(db: Kysely<unknown>): Promise<void> {
  const statements = [
    sql.raw(`create table contact (
      id uuid primary key,
      partnership_id uuid not null references partnership(id),
      source_agency_id uuid not null references agency(id),
      kind text not null check (kind in ('police_domestic_abuse_notification', 'partner_notification')),
      received_at timestamptz not null,
      occurred_at timestamptz,
      reported_by text not null check (length(reported_by) between 1 and 200),
      source_reference text,
      summary text not null check (length(summary) between 1 and 8000),
      status text not null check (status in ('open', 'referred', 'closed')),
      referral_id uuid,
      created_by uuid references app_user(id),
      created_at timestamptz not null
    )`),
    sql`comment on table contact is 'A notification from a partner system (e.g. a police domestic-abuse notification) that a MASH officer may turn into a referral'`,
    sql`create unique index contact_source_reference on contact (source_agency_id, source_reference) where source_reference is not null`,
    sql`create index contact_open on contact (partnership_id, received_at) where status = 'open'`,
    sql`create table contact_subject (
      contact_id uuid not null references contact(id),
      position integer not null,
      person_id uuid references person(id),
      name text not null check (length(name) between 1 and 200),
      date_of_birth date,
      role text not null check (role in ('subject', 'carer', 'other')),
      primary key (contact_id, position)
    )`,
    sql`comment on table contact_subject is 'Who a partner contact names, as the partner gave them; linked to a person record when known'`,
    sql`create index contact_subject_person on contact_subject (person_id) where person_id is not null`,
    sql.raw(`create table referral (
      id uuid primary key,
      partnership_id uuid not null references partnership(id),
      kind text not null check (kind in ('child', 'adult')),
      status text not null check (status in (${list(STATUSES)})),
      received_at timestamptz,
      receiving_team_id uuid references team(id),
      referrer_agency_id uuid references agency(id),
      referrer_name text,
      referrer_organisation text,
      referrer_phone text,
      referrer_email text,
      contact_id uuid references contact(id),
      concern text check (length(concern) <= 8000),
      immediate_danger boolean,
      parent_consent text check (parent_consent in (${list(CONSENT)})),
      without_consent_reason text,
      views_of_child text,
      views_of_parents text,
      help_in_place text,
      early_help_plan_open boolean,
      views_and_outcomes text,
      abuse_categories text[] not null default '{}'
        check (abuse_categories <@ array[${list(ABUSE_CATEGORIES)}]::text[]),
      mental_capacity_concern boolean,
      mental_capacity_detail text,
      substantial_difficulty boolean,
      appropriate_person text,
      advocacy_needed boolean not null default false,
      advocate_arranged_at timestamptz,
      rating text check (rating in ('red', 'amber', 'green')),
      rating_due_at timestamptz,
      rated_at timestamptz,
      rated_by uuid references app_user(id),
      rating_rationale text,
      needs_mash boolean,
      decision_due_at timestamptz,
      decision_route text check (decision_route in (${list(ROUTES)})),
      decided_at timestamptz,
      decided_by uuid references app_user(id),
      decision_rationale text,
      decided_late boolean,
      route text check (route in (${list(ROUTES)})),
      draft_data jsonb,
      form_token text,
      version integer not null default 1,
      created_by uuid references app_user(id),
      created_at timestamptz not null,
      updated_at timestamptz not null,
      check (status = 'draft' or (received_at is not null and receiving_team_id is not null and concern is not null)),
      check ((status = 'decided') = (decision_route is not null)),
      check ((rating is null) = (rated_at is null))
    )`),
    sql`comment on table referral is 'A children''s Request for Help or an adult safeguarding concern, from receipt through rating to the decision and the route onward'`,
    // A double-submitted form or a replayed client request finds the referral its token already made.
    sql`create unique index referral_form_token on referral (created_by, form_token) where form_token is not null`,
    sql`create index referral_queue on referral (partnership_id, status, received_at)`,
    sql`create index referral_contact on referral (contact_id) where contact_id is not null`,
    sql`create table referral_subject (
      referral_id uuid not null references referral(id),
      person_id uuid not null references person(id),
      role text not null check (role in ('subject', 'carer', 'other')),
      position integer not null,
      consent text check (consent in ('given', 'refused', 'not_sought')),
      primary key (referral_id, person_id)
    )`,
    sql`comment on table referral_subject is 'The children or adult a referral is about, and their carers; consent of each young person aged 11 and over'`,
    sql`create index referral_subject_person on referral_subject (person_id, referral_id)`,
    sql.raw(`create table referral_route (
      id uuid primary key,
      referral_id uuid not null references referral(id),
      route text not null check (route in (${list(ROUTES)})),
      previous_route text check (previous_route in (${list(ROUTES)})),
      rationale text not null,
      routed_at timestamptz not null,
      routed_by uuid references app_user(id),
      origin text not null
    )`),
    sql`comment on table referral_route is 'Every route a referral took, in order: the decision and each later step (section 47, s42 enquiry)'`,
    sql`create index referral_route_referral on referral_route (referral_id, routed_at)`,
    sql.raw(`create table onward_work (
      id uuid primary key,
      partnership_id uuid not null references partnership(id),
      referral_id uuid not null references referral(id),
      kind text not null check (kind in (${list(ONWARD_KINDS)})),
      team_id uuid references team(id),
      lead_professional text,
      lead_professional_user_id uuid references app_user(id),
      started_at timestamptz not null,
      due_at timestamptz not null,
      status text not null check (status in ('open', 'completed', 'cancelled')),
      completed_at timestamptz,
      outcome text,
      created_by uuid references app_user(id),
      created_at timestamptz not null
    )`),
    sql`comment on table onward_work is 'The next piece of work a route started (an assessment, an enquiry, arranging an advocate), with its own clock'`,
    sql`create unique index onward_work_open on onward_work (referral_id, kind) where status = 'open'`,
    sql`create table s42_decision (
      referral_id uuid primary key references referral(id),
      care_and_support_needs boolean not null,
      experiencing_or_at_risk boolean not null,
      unable_to_protect boolean not null,
      outcome text not null check (outcome in ('enquiry', 'no_enquiry')),
      rationale text not null,
      due_at timestamptz not null,
      decided_at timestamptz not null,
      decided_by uuid references app_user(id),
      check (outcome = 'no_enquiry' or (care_and_support_needs and experiencing_or_at_risk and unable_to_protect))
    )`,
    sql`comment on table s42_decision is 'The Care Act section 42(1) decision: the three tests, each recorded, and whether an enquiry follows'`,
  ];
  for (const statement of statements) {
    await statement.execute(db);
  }
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of ['s42_decision', 'onward_work', 'referral_route', 'referral_subject', 'referral', 'contact_subject', 'contact']) {
    await sql.raw(`drop table ${table}`).execute(db);
  }
}
