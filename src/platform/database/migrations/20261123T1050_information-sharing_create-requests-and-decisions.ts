// MASH information requests to partner agencies and their returns, and the information-sharing
// decisions (share and not share) each request, return and decline is recorded as, with the lawful
// basis, the special category condition and the consent position (statutory-rules §6, I-01, I-02).
// Frozen once released: add a new migration rather than editing this one.
import { type Kysely, sql } from 'kysely';

const REQUEST_STATUSES = ['open', 'returned', 'nothing_known', 'declined'];
const LAWFUL_BASES = ['public_task', 'legal_obligation', 'vital_interests', 'consent'];
const CONDITIONS = ['dpa_sch1_para18_safeguarding', 'dpa_sch8_para4_safeguarding'];
const CONSENT = ['given', 'refused', 'not_sought', 'not_possible'];

function list(values: string[]): string {
  return values.map((value) => `'${value}'`).join(', ');
}

export async function up(db: Kysely<unknown>): Promise<void> {
  const statements = [
    sql.raw(`create table information_sharing_decision (
      id uuid primary key,
      partnership_id uuid not null references partnership(id),
      referral_id uuid references referral(id),
      person_id uuid references person(id),
      information_request_id uuid,
      decision text not null check (decision in ('share', 'not_share')),
      what_shared text not null check (length(what_shared) between 1 and 4000),
      with_agency_id uuid not null references agency(id),
      why text not null check (length(why) between 1 and 4000),
      decided_at timestamptz not null,
      decided_by uuid references app_user(id),
      decided_by_label text not null,
      decided_by_agency_id uuid not null references agency(id),
      lawful_basis text not null check (lawful_basis in (${list(LAWFUL_BASES)})),
      special_category boolean not null,
      special_category_condition text check (special_category_condition in (${list(CONDITIONS)})),
      policy_document_ref text check (length(policy_document_ref) between 1 and 200),
      consent text not null check (consent in (${list(CONSENT)})),
      consent_reason text check (length(consent_reason) between 1 and 2000),
      flags text[] not null default '{}',
      created_at timestamptz not null,
      check (referral_id is not null or person_id is not null),
      check (not special_category or special_category_condition is not null),
      check (consent = 'given' or consent_reason is not null)
    )`),
    sql`create index information_sharing_decision_referral on information_sharing_decision (referral_id, decided_at) where referral_id is not null`,
    sql`create index information_sharing_decision_person on information_sharing_decision (person_id, decided_at) where person_id is not null`,
    sql.raw(`create table information_request (
      id uuid primary key,
      partnership_id uuid not null references partnership(id),
      referral_id uuid not null references referral(id),
      agency_id uuid not null references agency(id),
      requested_by_agency_id uuid not null references agency(id),
      mash_team_id uuid not null references team(id),
      subject_person_ids uuid[] not null,
      question text not null check (length(question) between 1 and 4000),
      requested_at timestamptz not null,
      requested_by uuid references app_user(id),
      requested_by_label text not null,
      due_at timestamptz not null,
      clock_label text not null,
      status text not null check (status in (${list(REQUEST_STATUSES)})),
      returned_at timestamptz,
      returned_by uuid references app_user(id),
      returned_by_label text,
      return_summary text check (length(return_summary) between 1 and 8000),
      declined_reason text check (length(declined_reason) between 1 and 2000),
      request_decision_id uuid not null references information_sharing_decision(id),
      return_decision_id uuid references information_sharing_decision(id),
      version integer not null default 1,
      check ((status = 'open') = (returned_at is null)),
      check (status <> 'returned' or return_summary is not null),
      check (status <> 'declined' or declined_reason is not null)
    )`),
    // One live question per partner per referral: a second open request to the same agency is a mistake.
    sql`create unique index information_request_one_open on information_request (referral_id, agency_id) where status = 'open'`,
    sql`create index information_request_referral on information_request (referral_id, requested_at)`,
    // "Information requests for my agency": the open ones, soonest due first.
    sql`create index information_request_agency_open on information_request (agency_id, due_at) where status = 'open'`,
  ];
  for (const statement of statements) {
    await statement.execute(db);
  }
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of ['information_request', 'information_sharing_decision']) {
    await sql.raw(`drop table ${table}`).execute(db);
  }
}
