import { z } from 'zod';
import {
  DECISION_ROUTES,
  REFERRAL_KINDS,
  REFERRAL_STATUSES,
  type ReferralKind,
  type ReferralStatus,
  ROUTES,
  type Route,
} from './referrals.workflow.ts';

/** The Care Act statutory guidance categories of abuse and neglect (Care and Support Statutory Guidance 14.17). */
export const ABUSE_CATEGORIES = [
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
] as const;
export type AbuseCategory = (typeof ABUSE_CATEGORIES)[number];
export const ABUSE_CATEGORY_LABELS = {
  physical: 'Physical abuse',
  domestic: 'Domestic abuse',
  sexual: 'Sexual abuse',
  psychological: 'Psychological or emotional abuse',
  financial_or_material: 'Financial or material abuse',
  modern_slavery: 'Modern slavery',
  discriminatory: 'Discriminatory abuse',
  organisational: 'Organisational abuse',
  neglect_and_acts_of_omission: 'Neglect and acts of omission',
  self_neglect: 'Self-neglect',
} as const satisfies Record<AbuseCategory, string>;

export const CONSENT_VALUES = ['given', 'refused', 'not_sought'] as const;
export type Consent = (typeof CONSENT_VALUES)[number];
export const CONSENT_LABELS = { given: 'Consent given', refused: 'Consent refused', not_sought: 'Consent not sought' } as const;

export const RATINGS = ['red', 'amber', 'green'] as const;
export type Rating = (typeof RATINGS)[number];
export const RATING_LABELS = {
  red: 'Red: child protection (section 47)',
  amber: 'Amber: complex need (child and family assessment)',
  green: 'Green: vulnerable (early help assessment)',
} as const satisfies Record<Rating, string>;

export const SUBJECT_ROLES = ['subject', 'carer', 'other'] as const;
export type SubjectRole = (typeof SUBJECT_ROLES)[number];

export const CONTACT_KINDS = ['police_domestic_abuse_notification', 'partner_notification'] as const;
export type ContactKind = (typeof CONTACT_KINDS)[number];
export const CONTACT_KIND_LABELS = {
  police_domestic_abuse_notification: 'Police domestic abuse notification',
  partner_notification: 'Partner notification',
} as const satisfies Record<ContactKind, string>;

export const ONWARD_KINDS = ['early_help_assessment', 'child_and_family_assessment', 'section_47', 's42_enquiry', 'advocacy'] as const;
export type OnwardKind = (typeof ONWARD_KINDS)[number];
export const ONWARD_KIND_LABELS = {
  early_help_assessment: 'Early help assessment',
  child_and_family_assessment: 'Child and family assessment',
  section_47: 'Section 47 enquiry',
  s42_enquiry: 'Section 42 enquiry',
  advocacy: 'Independent advocate to be arranged',
} as const satisfies Record<OnwardKind, string>;

/** Young people this age and over at the referral date are asked for their own consent. */
export const OWN_CONSENT_AGE = 11;
/** A referral within this many months of a previous one about the same person is a re-referral. */
export const REREFERRAL_MONTHS = 12;

const text = (max: number, message: string) =>
  z.string({ message }).trim().min(1, message).max(max, `${message} in ${max} characters or fewer`);
const optionalText = (max: number) =>
  z
    .string()
    .trim()
    .max(max, `Enter ${max} characters or fewer`)
    .optional()
    .transform((value) => (value === '' ? undefined : value));

export const SubjectInput = z.object({
  personId: z.uuid({ message: 'Choose or add the person' }),
  role: z.enum(SUBJECT_ROLES, { message: 'Say whether they are the subject or a carer' }),
  consent: z.enum(CONSENT_VALUES, { message: 'Say whether they consented' }).optional(),
});
export type SubjectInput = z.input<typeof SubjectInput>;

const ReferrerFields = {
  referrerName: text(200, 'Enter your name'),
  referrerOrganisation: text(200, 'Enter your organisation'),
  referrerPhone: text(40, 'Enter a phone number'),
  referrerEmail: z.email({ message: 'Enter an email address in the correct format, like name@example.org' }),
  concern: text(8000, 'Describe the concern'),
  receivingTeamId: z.uuid({ message: 'Choose the team receiving the referral' }).optional(),
  withoutConsentReason: optionalText(2000),
  subjects: z.array(SubjectInput).min(1, 'Add the person the referral is about').max(20, 'Add 20 people or fewer'),
  formToken: z.string().trim().min(8).max(100).optional(),
};

export const ChildReferralInput = z.object({
  kind: z.literal('child'),
  ...ReferrerFields,
  immediateDanger: z.boolean({ message: 'Say whether a child is in immediate danger' }),
  parentConsent: z.enum(CONSENT_VALUES, { message: 'Say whether the parents consented' }),
  viewsOfChild: optionalText(4000),
  viewsOfParents: optionalText(4000),
  helpInPlace: optionalText(4000),
  earlyHelpPlanOpen: z.boolean({ message: 'Say whether an early help plan is open' }),
});

export const AdultReferralInput = z.object({
  kind: z.literal('adult'),
  ...ReferrerFields,
  viewsAndOutcomes: text(4000, 'Enter the person’s views and the outcomes they want'),
  abuseCategories: z
    .array(z.enum(ABUSE_CATEGORIES, { message: 'Choose a category of abuse from the list' }))
    .min(1, 'Choose at least one category of abuse'),
  mentalCapacityConcern: z.boolean({ message: 'Say whether there are concerns about mental capacity' }),
  mentalCapacityDetail: optionalText(4000),
  substantialDifficulty: z.boolean({ message: 'Say whether they would have substantial difficulty being involved' }),
  appropriatePerson: optionalText(200),
  personConsent: z.enum(CONSENT_VALUES, { message: 'Say whether the person consented' }),
});

export const CreateReferralInput = z.discriminatedUnion('kind', [ChildReferralInput, AdultReferralInput], {
  message: 'Say whether the referral is about a child or an adult',
});
export type CreateReferralInput = z.input<typeof CreateReferralInput>;
export type ParsedReferralInput = z.output<typeof CreateReferralInput>;

export const RateReferralInput = z.object({
  rating: z.enum(RATINGS, { message: 'Choose red, amber or green' }),
  needsMash: z.boolean({ message: 'Say whether more than one professional opinion is needed' }),
  rationale: text(4000, 'Give the reason for the rating'),
});
export type RateReferralInput = z.input<typeof RateReferralInput>;

export const S42TestsInput = z.object({
  careAndSupportNeeds: z.boolean({ message: 'Say whether the adult has needs for care and support' }),
  experiencingOrAtRisk: z.boolean({ message: 'Say whether they are experiencing, or at risk of, abuse or neglect' }),
  unableToProtect: z.boolean({ message: 'Say whether, because of those needs, they are unable to protect themselves' }),
  outcome: z.enum(['enquiry', 'no_enquiry'], { message: 'Say whether a section 42 enquiry is needed' }),
});
export type S42TestsInput = z.input<typeof S42TestsInput>;

export const DecideReferralInput = z.object({
  route: z.enum(ROUTES, { message: 'Choose what happens next' }),
  rationale: text(4000, 'Give the reason for the decision'),
  /** Early help needs a named lead professional. */
  leadProfessional: optionalText(200),
  /** Adults: the section 42 tests may be recorded with the decision to go to a section 42 decision. */
  s42: S42TestsInput.optional(),
  /** Adults: an advocate has already been arranged, so the advocacy duty is met. */
  advocateArranged: z.boolean().optional(),
});

export const RecordS42DecisionInput = S42TestsInput.extend({
  rationale: text(4000, 'Give the reason for the section 42 decision'),
});
export type RecordS42DecisionInput = z.input<typeof RecordS42DecisionInput>;

/** A draft keeps whatever the form held, unchecked, until it is submitted. */
export const SaveDraftInput = z.object({
  kind: z.enum(REFERRAL_KINDS, { message: 'Say whether the referral is about a child or an adult' }),
  data: z.record(z.string(), z.unknown()),
});
export type SaveDraftInput = z.input<typeof SaveDraftInput>;
export type DecideReferralInput = z.input<typeof DecideReferralInput>;

export const ContactSubjectInput = z.object({
  personId: z.uuid().optional(),
  name: text(200, 'Enter the person’s name'),
  dateOfBirth: z
    .string()
    .trim()
    .regex(/^\d{4}-\d{2}-\d{2}$/, 'Enter a date in the format YYYY-MM-DD')
    .optional(),
  role: z.enum(SUBJECT_ROLES, { message: 'Say whether they are the subject or a carer' }),
});

export const CreateContactInput = z.object({
  kind: z.enum(CONTACT_KINDS, { message: 'Choose the kind of contact' }),
  occurredAt: z.coerce.date({ message: 'Enter when it happened' }).optional(),
  reportedBy: text(200, 'Enter who reported it'),
  sourceReference: optionalText(200),
  summary: text(8000, 'Describe what happened'),
  subjects: z.array(ContactSubjectInput).min(1, 'Name at least one person').max(20),
});
export type CreateContactInput = z.input<typeof CreateContactInput>;

export const ReferralFilter = z.object({
  status: z.enum(REFERRAL_STATUSES).optional(),
  kind: z.enum(REFERRAL_KINDS).optional(),
  personId: z.uuid().optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
export type ReferralFilter = z.input<typeof ReferralFilter>;

/** What other modules need of a referral; nothing of its narrative. */
export interface ReferralSummary {
  id: string;
  kind: ReferralKind;
  status: ReferralStatus;
  receivedAt: Date | null;
  receivingTeamId: string | null;
  partnershipId: string;
  subjectPersonIds: string[];
  rating: Rating | null;
  ratingDueAt: Date | null;
  decisionDueAt: Date | null;
  decisionRoute: Route | null;
  /** The latest route: the decision, or a later step such as section_47. */
  route: Route | null;
  decidedAt: Date | null;
  version: number;
}

export interface ReferralSubject {
  personId: string;
  name: string | null;
  dateOfBirth: string | null;
  role: SubjectRole;
  consent: Consent | null;
}

export interface ReferralRouteStep {
  id: string;
  route: Route;
  previousRoute: Route | null;
  rationale: string;
  routedAt: Date;
  routedByLabel: string | null;
  origin: string;
}

export interface OnwardWork {
  id: string;
  referralId: string;
  kind: OnwardKind;
  teamId: string | null;
  leadProfessional: string | null;
  startedAt: Date;
  dueAt: Date;
  status: 'open' | 'completed' | 'cancelled';
}

export interface S42Decision {
  careAndSupportNeeds: boolean;
  experiencingOrAtRisk: boolean;
  unableToProtect: boolean;
  outcome: 'enquiry' | 'no_enquiry';
  rationale: string;
  dueAt: Date;
  decidedAt: Date;
}

export interface Referral extends ReferralSummary {
  referrerAgencyId: string | null;
  referrerName: string | null;
  referrerOrganisation: string | null;
  referrerPhone: string | null;
  referrerEmail: string | null;
  contactId: string | null;
  concern: string | null;
  immediateDanger: boolean | null;
  parentConsent: Consent | null;
  withoutConsentReason: string | null;
  viewsOfChild: string | null;
  viewsOfParents: string | null;
  helpInPlace: string | null;
  earlyHelpPlanOpen: boolean | null;
  viewsAndOutcomes: string | null;
  abuseCategories: AbuseCategory[];
  mentalCapacityConcern: boolean | null;
  mentalCapacityDetail: string | null;
  substantialDifficulty: boolean | null;
  appropriatePerson: string | null;
  advocacyNeeded: boolean;
  advocateArrangedAt: Date | null;
  ratedAt: Date | null;
  ratingRationale: string | null;
  needsMash: boolean | null;
  decisionRationale: string | null;
  decidedLate: boolean | null;
  subjects: ReferralSubject[];
  routes: ReferralRouteStep[];
  onwardWork: OnwardWork[];
  s42Decision: S42Decision | null;
  /** What the form held when a draft was last saved; null once submitted. */
  draftData: Record<string, unknown> | null;
  createdAt: Date;
  createdBy: string | null;
}

export interface ReferralListItem extends ReferralSummary {
  subjects: { personId: string; name: string }[];
  referrerOrganisation: string | null;
  immediateDanger: boolean | null;
  advocacyNeeded: boolean;
  /** True when the decision is overdue (not yet decided past its due time) or was made late. */
  decisionLate: boolean;
}

export interface Contact {
  id: string;
  kind: ContactKind;
  sourceAgencyId: string;
  sourceAgencyName: string | null;
  receivedAt: Date;
  occurredAt: Date | null;
  reportedBy: string;
  sourceReference: string | null;
  summary: string;
  status: 'open' | 'referred' | 'closed';
  referralId: string | null;
  subjects: { personId: string | null; name: string; dateOfBirth: string | null; role: SubjectRole }[];
}

/** What came before and who else is around, shown at the top of triage. */
export interface TriageContext {
  householdMembers: {
    subjectPersonId: string;
    householdLabel: string;
    person: { id: string | null; name: string; age: number | null; canOpen: boolean };
    roleLabel: string;
    isChild: boolean;
    onReferral: boolean;
  }[];
  previousReferrals: {
    id: string;
    kind: ReferralKind;
    receivedAt: Date | null;
    rating: Rating | null;
    route: Route | null;
    status: ReferralStatus;
    personIds: string[];
    withinRereferralWindow: boolean;
  }[];
  isRereferral: boolean;
  onwardWork: (OnwardWork & { current: boolean })[];
  involvements: { personId: string; kindLabel: string; agencyName: string | null; teamName: string | null; workerName: string | null }[];
  recentChronology: { id: string; occurredAt: Date; summary: string; sourceAgencyName: string; category: string }[];
  moves: { personId: string; description: string }[];
}

export { DECISION_ROUTES };
