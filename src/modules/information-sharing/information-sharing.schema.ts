import { z } from 'zod';

/** Article 6 UK GDPR bases a safeguarding share may rest on; public task and legal obligation are the usual ones. */
export const LAWFUL_BASES = ['public_task', 'legal_obligation', 'vital_interests', 'consent'] as const;
export type LawfulBasis = (typeof LAWFUL_BASES)[number];

export const LAWFUL_BASIS_LABELS: Record<LawfulBasis, string> = {
  public_task: 'Public task (Article 6(1)(e))',
  legal_obligation: 'Legal obligation (Article 6(1)(c))',
  vital_interests: 'Vital interests (Article 6(1)(d))',
  consent: 'Consent (Article 6(1)(a))',
};

/** The Article 9 / DPA 2018 condition for special category (or law-enforcement sensitive) data. */
export const SPECIAL_CATEGORY_CONDITIONS = ['dpa_sch1_para18_safeguarding', 'dpa_sch8_para4_safeguarding'] as const;
export type SpecialCategoryCondition = (typeof SPECIAL_CATEGORY_CONDITIONS)[number];

export const SPECIAL_CATEGORY_CONDITION_LABELS: Record<SpecialCategoryCondition, string> = {
  dpa_sch1_para18_safeguarding: 'DPA 2018 Schedule 1 paragraph 18: safeguarding of children and individuals at risk',
  dpa_sch8_para4_safeguarding: 'DPA 2018 Schedule 8 paragraph 4: safeguarding (law enforcement processing)',
};

export const CONSENT_POSITIONS = ['given', 'refused', 'not_sought', 'not_possible'] as const;
export type ConsentPosition = (typeof CONSENT_POSITIONS)[number];

export const CONSENT_POSITION_LABELS: Record<ConsentPosition, string> = {
  given: 'Consent given',
  refused: 'Consent refused',
  not_sought: 'Consent not sought',
  not_possible: 'Consent not possible to obtain',
};

export const SHARING_DECISIONS = ['share', 'not_share'] as const;
export type SharingDecisionKind = (typeof SHARING_DECISIONS)[number];

export const SHARING_DECISION_LABELS: Record<SharingDecisionKind, string> = {
  share: 'Shared',
  not_share: 'Not shared',
};

export const REQUEST_STATUSES = ['open', 'returned', 'nothing_known', 'declined'] as const;
export type RequestStatus = (typeof REQUEST_STATUSES)[number];

export const REQUEST_STATUS_LABELS: Record<RequestStatus, string> = {
  open: 'Awaiting return',
  returned: 'Returned',
  nothing_known: 'Nothing known',
  declined: 'Declined to share',
};

export const RETURN_OUTCOMES = ['returned', 'nothing_known', 'declined'] as const;
export type ReturnOutcome = (typeof RETURN_OUTCOMES)[number];

/**
 * The agency kinds that sit in the MASH as information partners (police, health, education,
 * probation, housing, domestic abuse, drug and alcohol). Social care is the MASH itself.
 */
export const MASH_PARTNER_KINDS = [
  'police',
  'integrated_care_board',
  'health_trust',
  'gp_practice',
  'school',
  'probation',
  'housing',
  'domestic_abuse_service',
  'drug_and_alcohol_service',
] as const;

/** Flags are warnings that do not stop a decision being recorded (I-02). */
export const DECISION_FLAGS = ['no_appropriate_policy_document'] as const;
export type DecisionFlag = (typeof DECISION_FLAGS)[number];

export const DECISION_FLAG_LABELS: Record<DecisionFlag, string> = {
  no_appropriate_policy_document:
    'Special category data shared under Schedule 1 paragraph 18 without an appropriate policy document reference',
};

const optionalText = (max: number) =>
  z
    .string()
    .trim()
    .max(max)
    .optional()
    .transform((value) => (value ? value : undefined));

/**
 * What every share or no-share decision must carry (rule I-01): the Article 6 basis, whether special
 * category data is involved and under which condition, and the consent position with the reason when
 * consent was not given. Shared by requests, returns and decisions recorded on their own.
 */
export const SharingBasisFields = {
  lawfulBasis: z.enum(LAWFUL_BASES, { message: 'Select the lawful basis for sharing' }),
  specialCategory: z.boolean({ message: 'Select whether special category information is involved' }),
  specialCategoryCondition: z
    .enum(SPECIAL_CATEGORY_CONDITIONS, { message: 'Select the condition for special category information' })
    .optional(),
  policyDocumentRef: optionalText(200),
  consent: z.enum(CONSENT_POSITIONS, { message: 'Select the consent position' }),
  consentReason: optionalText(2000),
};

function refineBasis(
  input: {
    specialCategory: boolean;
    specialCategoryCondition?: SpecialCategoryCondition | undefined;
    consent: ConsentPosition;
    consentReason?: string | undefined;
  },
  ctx: z.RefinementCtx,
) {
  if (input.specialCategory && !input.specialCategoryCondition) {
    ctx.addIssue({
      code: 'custom',
      path: ['specialCategoryCondition'],
      message: 'Select the condition for sharing special category information',
    });
  }
  if (input.consent !== 'given' && !input.consentReason) {
    ctx.addIssue({ code: 'custom', path: ['consentReason'], message: 'Explain why information is shared without consent' });
  }
}

export const SendInformationRequestsInput = z
  .object({
    agencyIds: z
      .array(z.uuid({ message: 'Select a partner agency' }))
      .min(1, 'Select at least one partner agency')
      .max(20),
    question: z.string().trim().min(10, 'Enter what you are asking the partners, in at least 10 characters').max(4000),
    ...SharingBasisFields,
  })
  .superRefine(refineBasis);
export type SendInformationRequestsInput = z.input<typeof SendInformationRequestsInput>;

export const RecordReturnInput = z
  .object({
    outcome: z.enum(RETURN_OUTCOMES, { message: 'Select what your agency is returning' }),
    summary: optionalText(8000),
    declinedReason: optionalText(2000),
    returnedAt: z.iso.datetime({ offset: true, message: 'Enter the date and time of the return' }).optional(),
    ...SharingBasisFields,
  })
  .superRefine((input, ctx) => {
    if (input.outcome === 'returned' && !input.summary) {
      ctx.addIssue({ code: 'custom', path: ['summary'], message: 'Enter what your agency knows' });
    }
    if (input.outcome === 'declined' && !input.declinedReason) {
      ctx.addIssue({ code: 'custom', path: ['declinedReason'], message: 'Enter why your agency will not share' });
    }
    refineBasis(input, ctx);
  });
export type RecordReturnInput = z.input<typeof RecordReturnInput>;

export const RecordDecisionInput = z
  .object({
    referralId: z.uuid({ message: 'Enter a valid referral id' }).optional(),
    personId: z.uuid({ message: 'Enter a valid person id' }).optional(),
    decision: z.enum(SHARING_DECISIONS, { message: 'Select whether the information was shared' }),
    whatShared: z.string().trim().min(1, 'Enter what was shared, or asked for and not shared').max(4000),
    withAgencyId: z.uuid({ message: 'Select the agency the information was shared with' }),
    why: z.string().trim().min(1, 'Enter why').max(4000),
    decidedAt: z.iso.datetime({ offset: true, message: 'Enter the date and time of the decision' }).optional(),
    ...SharingBasisFields,
  })
  .superRefine((input, ctx) => {
    if (!input.referralId && !input.personId) {
      ctx.addIssue({ code: 'custom', path: ['referralId'], message: 'Say which referral or person the decision is about' });
    }
    refineBasis(input, ctx);
  });
export type RecordDecisionInput = z.input<typeof RecordDecisionInput>;

export interface SharingDecision {
  id: string;
  referralId: string | null;
  personId: string | null;
  informationRequestId: string | null;
  decision: SharingDecisionKind;
  whatShared: string;
  withAgencyId: string;
  withAgencyName: string;
  why: string;
  decidedAt: Date;
  decidedByLabel: string;
  decidedByAgencyId: string;
  decidedByAgencyName: string;
  lawfulBasis: LawfulBasis;
  specialCategory: boolean;
  specialCategoryCondition: SpecialCategoryCondition | null;
  policyDocumentRef: string | null;
  consent: ConsentPosition;
  consentReason: string | null;
  flags: DecisionFlag[];
}

/** Whether a return came in by its target: "on time", "late by 3 hours", "overdue by 1 working day". */
export interface Timeliness {
  state: 'due' | 'overdue' | 'on_time' | 'late';
  label: string;
}

export interface InformationRequest {
  id: string;
  referralId: string;
  agencyId: string;
  agencyName: string;
  requestedByAgencyId: string;
  subjectPersonIds: string[];
  question: string;
  requestedAt: Date;
  requestedByLabel: string;
  dueAt: Date;
  clockLabel: string;
  status: RequestStatus;
  returnedAt: Date | null;
  returnedByLabel: string | null;
  /** Null for users of other partner agencies, who see the question but not another agency's answer. */
  returnSummary: string | null;
  declinedReason: string | null;
  timeliness: Timeliness;
  version: number;
}

/** The referral page's information panel, in one call. */
export interface ReferralInformationSummary {
  requested: number;
  returned: number;
  overdue: number;
  items: { id: string; agencyName: string; status: RequestStatus; dueAt: Date; returnedAt: Date | null; timeliness: Timeliness }[];
}
