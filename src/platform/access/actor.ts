/** Roles a user can hold. A role grants permissions (below); what records it reaches is decided per record. */
export const Role = {
  practitioner: 'practitioner',
  teamManager: 'team_manager',
  mashOfficer: 'mash_officer',
  designatedSafeguardingLead: 'designated_safeguarding_lead',
  partnershipBusinessOfficer: 'partnership_business_officer',
  independentScrutineer: 'independent_scrutineer',
  privacyOfficer: 'privacy_officer',
  systemAdministrator: 'system_administrator',
} as const;
export type Role = (typeof Role)[keyof typeof Role];
export const ROLES = Object.values(Role);

export const ROLE_LABELS = {
  practitioner: 'Practitioner',
  team_manager: 'Team manager',
  mash_officer: 'MASH officer',
  designated_safeguarding_lead: 'Designated safeguarding lead',
  partnership_business_officer: 'Partnership business officer',
  independent_scrutineer: 'Independent scrutineer',
  privacy_officer: 'Privacy officer',
  system_administrator: 'System administrator',
} as const satisfies Record<Role, string>;

export function isRole(value: string): value is Role {
  return (ROLES as string[]).includes(value);
}

/** Who is acting, loaded afresh on every request so a revoked role or ended allocation bites at once. */
export interface Actor {
  kind: 'user' | 'system';
  userId: string | null;
  /** Stable human-readable name for the audit trail: `user:<email>` or `system:<tool>`. */
  label: string;
  displayName: string;
  agencyId: string | null;
  partnershipId: string | null;
  teamIds: string[];
  roles: Role[];
  /** Correlates the audit events of one request. */
  requestId?: string | undefined;
}

/** The actor for command-line and start-up work; it has no case access. */
export function systemActor(tool: string): Actor {
  return {
    kind: 'system',
    userId: null,
    label: `system:${tool}`,
    displayName: `Whole Picture (${tool})`,
    agencyId: null,
    partnershipId: null,
    teamIds: [],
    roles: [],
  };
}
