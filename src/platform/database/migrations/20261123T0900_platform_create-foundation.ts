// Enables the foundation: partnership, agencies, teams, users and roles, sign-in sessions and API
// tokens, minimal person records with their access bases and break-glass, the hash-chained audit
// trail, idempotency keys and the job table. Frozen: never edit after release; add a new migration.
import { type Kysely, sql } from 'kysely';

const AGENCY_KINDS = [
  'police',
  'integrated_care_board',
  'children_social_care',
  'adult_social_care',
  'health_trust',
  'gp_practice',
  'school',
  'probation',
  'housing',
  'domestic_abuse_service',
  'drug_and_alcohol_service',
  'voluntary_service',
  'partnership_business_unit',
];

const ROLES = [
  'practitioner',
  'team_manager',
  'mash_officer',
  'designated_safeguarding_lead',
  'partnership_business_officer',
  'independent_scrutineer',
  'privacy_officer',
  'system_administrator',
];

const ACCESS_BASIS_KINDS = [
  'allocated_worker',
  'allocated_team',
  'agency_involved',
  'meeting_member',
  'sharing_decision',
  'restricted_grant',
];

function list(values: string[]): string {
  return values.map((value) => `'${value}'`).join(', ');
}

export async function up(db: Kysely<unknown>): Promise<void> {
  const statements = [
    sql`create table partnership (
      id uuid primary key,
      code text not null unique,
      name text not null,
      created_at timestamptz not null default now()
    )`,
    sql`comment on table partnership is 'A multi-agency safeguarding partnership; the tenant boundary'`,
    sql.raw(`create table agency (
      id uuid primary key,
      partnership_id uuid not null references partnership(id),
      code text not null,
      name text not null,
      kind text not null check (kind in (${list(AGENCY_KINDS)})),
      is_statutory_partner boolean not null default false,
      created_at timestamptz not null default now(),
      unique (partnership_id, code)
    )`),
    sql`comment on table agency is 'A partner organisation: police force, ICB, council service, trust, school, charity'`,
    sql`create table team (
      id uuid primary key,
      agency_id uuid not null references agency(id),
      name text not null,
      created_at timestamptz not null default now(),
      unique (agency_id, name)
    )`,
    sql`create table app_user (
      id uuid primary key,
      agency_id uuid not null references agency(id),
      email text not null,
      email_normalised text not null unique,
      display_name text not null,
      kind text not null default 'person' check (kind in ('person', 'service')),
      password_hash text,
      oidc_issuer text,
      oidc_subject text,
      is_active boolean not null default true,
      is_demo boolean not null default false,
      last_sign_in_at timestamptz,
      created_at timestamptz not null default now(),
      version integer not null default 1,
      unique (oidc_issuer, oidc_subject)
    )`,
    sql`comment on table app_user is 'A person or service account that signs in; always belongs to one agency'`,
    sql`create table team_membership (
      id uuid primary key,
      user_id uuid not null references app_user(id),
      team_id uuid not null references team(id),
      starts_at timestamptz not null,
      ends_at timestamptz
    )`,
    sql`create index team_membership_user on team_membership (user_id)`,
    sql.raw(`create table role_assignment (
      id uuid primary key,
      user_id uuid not null references app_user(id),
      role text not null check (role in (${list(ROLES)})),
      granted_at timestamptz not null,
      granted_by uuid references app_user(id),
      revoked_at timestamptz,
      revoked_by uuid references app_user(id)
    )`),
    sql`create index role_assignment_user on role_assignment (user_id)`,
    sql`create table user_session (
      id uuid primary key,
      token_hash text not null unique,
      user_id uuid not null references app_user(id),
      created_at timestamptz not null,
      expires_at timestamptz not null,
      revoked_at timestamptz
    )`,
    sql`comment on table user_session is 'Browser sessions; the cookie holds a random token, only its SHA-256 is stored'`,
    sql`create table api_token (
      id uuid primary key,
      user_id uuid not null references app_user(id),
      label text not null,
      token_hash text not null unique,
      created_at timestamptz not null,
      expires_at timestamptz not null,
      revoked_at timestamptz,
      last_used_at timestamptz
    )`,
    sql`comment on table api_token is 'Bearer tokens for API clients; only the SHA-256 of the secret is stored'`,
    sql`create table person (
      id uuid primary key,
      partnership_id uuid not null references partnership(id),
      given_name text not null,
      family_name text not null,
      date_of_birth date,
      is_restricted boolean not null default false,
      restriction_reason text,
      created_by uuid not null references app_user(id),
      created_at timestamptz not null,
      updated_at timestamptz not null,
      version integer not null default 1
    )`,
    sql`comment on table person is 'A child or adult the partnership works with (the subject of records)'`,
    sql.raw(`create table access_basis (
      id uuid primary key,
      person_id uuid not null references person(id),
      kind text not null check (kind in (${list(ACCESS_BASIS_KINDS)})),
      user_id uuid references app_user(id),
      team_id uuid references team(id),
      agency_id uuid references agency(id),
      starts_at timestamptz not null,
      ends_at timestamptz,
      reason text,
      source_type text,
      source_id text,
      created_by uuid references app_user(id),
      created_at timestamptz not null,
      check (user_id is not null or team_id is not null or agency_id is not null)
    )`),
    sql`comment on table access_basis is 'Legitimate relationships that let someone see a person''s records: allocation, involvement, meeting membership, sharing decision, grant'`,
    sql`create index access_basis_person on access_basis (person_id)`,
    sql`create index access_basis_user on access_basis (user_id) where user_id is not null`,
    sql`create index access_basis_team on access_basis (team_id) where team_id is not null`,
    sql`create index access_basis_agency on access_basis (agency_id) where agency_id is not null`,
    sql`create table break_glass (
      id uuid primary key,
      user_id uuid not null references app_user(id),
      person_id uuid not null references person(id),
      reason_code text not null,
      reason_text text not null,
      started_at timestamptz not null,
      expires_at timestamptz not null,
      ended_at timestamptz,
      reviewed_by uuid references app_user(id),
      reviewed_at timestamptz,
      review_outcome text check (review_outcome in ('justified', 'not_justified')),
      review_note text
    )`,
    sql`comment on table break_glass is 'Emergency, time-limited access to one person''s records, reviewed afterwards by someone else'`,
    sql`create index break_glass_user_person on break_glass (user_id, person_id)`,
    sql`create table notification (
      id uuid primary key,
      recipient_user_id uuid not null references app_user(id),
      kind text not null,
      reference_type text not null,
      reference_id text not null,
      created_at timestamptz not null,
      read_at timestamptz
    )`,
    sql`comment on table notification is 'Alerts to a user; carries a reference only, never case content'`,
    sql`create index notification_recipient on notification (recipient_user_id, created_at)`,
    sql`create table audit_chain_head (
      chain text primary key,
      seq bigint not null,
      hash text not null
    )`,
    sql`insert into audit_chain_head (chain, seq, hash) values ('main', 0, repeat('0', 64))`,
    sql`create table audit_event (
      seq bigint primary key,
      occurred_at timestamptz not null,
      actor_user_id uuid,
      actor_label text not null,
      action text not null,
      outcome text not null check (outcome in ('allowed', 'denied', 'error')),
      subject_type text,
      subject_id text,
      purpose text,
      request_id text,
      details text not null,
      prev_hash text not null,
      hash text not null
    )`,
    sql`comment on table audit_event is 'Append-only, hash-chained record of every write and every read of a person''s record; identifiers only, never narrative'`,
    sql`create index audit_event_subject on audit_event (subject_type, subject_id, seq)`,
    sql`create index audit_event_actor on audit_event (actor_user_id, seq)`,
    sql`create function audit_event_refuse_change() returns trigger language plpgsql as $$
      begin
        raise exception 'audit_event is append-only: % is not allowed', tg_op using errcode = '42501';
      end
    $$`,
    sql`create trigger audit_event_no_update_or_delete before update or delete on audit_event
      for each row execute function audit_event_refuse_change()`,
    sql`create trigger audit_event_no_truncate before truncate on audit_event
      for each statement execute function audit_event_refuse_change()`,
    sql`create table idempotency_key (
      actor_key text not null,
      key text not null,
      request_fingerprint text not null,
      state text not null check (state in ('in_flight', 'completed')),
      response_status integer,
      response_headers text,
      response_body text,
      created_at timestamptz not null,
      locked_until timestamptz not null,
      primary key (actor_key, key)
    )`,
    sql`comment on table idempotency_key is 'POST retries with the same Idempotency-Key replay the first response instead of writing twice'`,
    sql`create table job (
      id uuid primary key,
      kind text not null,
      payload text not null,
      due_at timestamptz not null,
      attempts integer not null default 0,
      max_attempts integer not null default 5,
      locked_until timestamptz,
      done_at timestamptz,
      failed_at timestamptz,
      last_error text,
      created_at timestamptz not null
    )`,
    sql`comment on table job is 'Scheduled work and deadline reminders, claimed with FOR UPDATE SKIP LOCKED'`,
    sql`create index job_due on job (due_at) where done_at is null and failed_at is null`,
  ];
  for (const statement of statements) {
    await statement.execute(db);
  }
}
