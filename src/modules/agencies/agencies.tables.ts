import type { Generated } from 'kysely';

export interface PartnershipTable {
  id: string;
  code: string;
  name: string;
  created_at: Generated<Date>;
}

export interface AgencyTable {
  id: string;
  partnership_id: string;
  code: string;
  name: string;
  kind: string;
  is_statutory_partner: Generated<boolean>;
  created_at: Generated<Date>;
}

export interface TeamTable {
  id: string;
  agency_id: string;
  name: string;
  created_at: Generated<Date>;
}

export interface AppUserTable {
  id: string;
  agency_id: string;
  email: string;
  email_normalised: string;
  display_name: string;
  kind: Generated<'person' | 'service'>;
  password_hash: string | null;
  oidc_issuer: string | null;
  oidc_subject: string | null;
  is_active: Generated<boolean>;
  is_demo: Generated<boolean>;
  last_sign_in_at: Date | null;
  created_at: Generated<Date>;
  version: Generated<number>;
}

export interface TeamMembershipTable {
  id: string;
  user_id: string;
  team_id: string;
  starts_at: Date;
  ends_at: Date | null;
}

export interface RoleAssignmentTable {
  id: string;
  user_id: string;
  role: string;
  granted_at: Date;
  granted_by: string | null;
  revoked_at: Date | null;
  revoked_by: string | null;
}

export interface AgenciesTables {
  partnership: PartnershipTable;
  agency: AgencyTable;
  team: TeamTable;
  app_user: AppUserTable;
  team_membership: TeamMembershipTable;
  role_assignment: RoleAssignmentTable;
}
