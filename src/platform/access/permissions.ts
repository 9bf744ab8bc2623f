import { type Actor, Role } from './actor.ts';

/**
 * What each role may do, as data. Having a permission is necessary but never sufficient for a
 * person's records: those also need a legitimate relationship (see modules/access).
 */
export const Permission = {
  /** Read and write case records of people the user has a legitimate relationship with. */
  caseRecords: 'case-records',
  /** Record that an agency is involved, allocate workers and teams. */
  manageInvolvement: 'manage-involvement',
  /** Take emergency access to one person's records, with a reason. */
  breakGlass: 'break-glass',
  /** Review break-glass use and see any person's access log. */
  privacyOversight: 'privacy-oversight',
  /** Partnership figures and review documents; never case records. */
  partnershipFigures: 'partnership-figures',
  /** Manage users, roles, teams and tokens; no case access. */
  administerUsers: 'administer-users',
  /** Change the partnership's calendar and statutory clock settings; no case access. */
  configurePartnership: 'configure-partnership',
  /** Rate a referral at the front door (MASH triage) and send information requests to partners. */
  triageReferrals: 'triage-referrals',
  /** Decide what happens to a referral (the 1-working-day decision) and start its route onward. */
  decideReferrals: 'decide-referrals',
  /** Reallocate the work in a team's tray. */
  reallocateWork: 'reallocate-work',
  /** Grant access to a restricted record. */
  grantRestrictedAccess: 'grant-restricted-access',
  /** Review likely duplicate records: confirm (merge), reject, unmerge; only pairs whose records they may both see. */
  resolveDuplicates: 'resolve-duplicates',
} as const;
export type Permission = (typeof Permission)[keyof typeof Permission];

export const ROLE_PERMISSIONS = {
  practitioner: [Permission.caseRecords],
  team_manager: [
    Permission.caseRecords,
    Permission.manageInvolvement,
    Permission.breakGlass,
    Permission.grantRestrictedAccess,
    Permission.triageReferrals,
    Permission.decideReferrals,
    Permission.reallocateWork,
    Permission.resolveDuplicates,
  ],
  mash_officer: [
    Permission.caseRecords,
    Permission.manageInvolvement,
    Permission.breakGlass,
    Permission.triageReferrals,
    Permission.decideReferrals,
    Permission.resolveDuplicates,
  ],
  designated_safeguarding_lead: [Permission.caseRecords],
  partnership_business_officer: [Permission.partnershipFigures],
  independent_scrutineer: [Permission.partnershipFigures],
  privacy_officer: [Permission.privacyOversight],
  system_administrator: [Permission.administerUsers, Permission.configurePartnership],
} as const satisfies Record<Role, readonly Permission[]>;

export function hasPermission(actor: Pick<Actor, 'roles'>, permission: Permission): boolean {
  return actor.roles.some((role) => (ROLE_PERMISSIONS[role] as readonly Permission[]).includes(permission));
}

export { Role };
