import { z } from 'zod';
import { IsoDate } from '../../platform/validation.ts';

export const DISCUSSION_KINDS = ['discussion', 'meeting'] as const;
export type DiscussionKind = (typeof DISCUSSION_KINDS)[number];
export const DISCUSSION_KIND_LABELS = {
  discussion: 'Strategy discussion',
  meeting: 'Strategy meeting',
} as const satisfies Record<DiscussionKind, string>;

export const AGENCY_TYPES = ['police', 'local_authority', 'health', 'education', 'probation', 'housing', 'voluntary', 'other'] as const;
export type AgencyType = (typeof AGENCY_TYPES)[number];
export const AGENCY_TYPE_LABELS = {
  police: 'Police',
  local_authority: 'Local authority',
  health: 'Health',
  education: 'Education',
  probation: 'Probation',
  housing: 'Housing',
  voluntary: 'Voluntary sector',
  other: 'Other',
} as const satisfies Record<AgencyType, string>;

/**
 * Working Together: a strategy discussion involves children's social care, the police and health.
 * Adult procedures name the same three core agencies for a strategy discussion under s42.
 */
export const EXPECTED_AGENCIES: readonly AgencyType[] = ['police', 'local_authority', 'health'];

const text = (max: number, message: string) => z.string({ error: message }).trim().min(1, message).max(max);
const optionalText = (max: number) =>
  z
    .string()
    .trim()
    .max(max)
    .optional()
    .nullable()
    .transform((value) => (value ? value : null));

/** A moment given as a Date (services, pages) or an ISO 8601 date-time with an offset (the API). */
export const Moment = z.union([
  z.date(),
  z.iso.datetime({ offset: true, error: 'Enter a date and time, for example 2026-12-17T10:30:00Z' }).transform((value) => new Date(value)),
]);

export const AttendeeInput = z.object({
  name: text(200, 'Enter the attendee’s name'),
  agencyType: z.enum(AGENCY_TYPES, { error: 'Select the kind of agency' }),
  agencyName: text(200, 'Enter the attendee’s agency'),
  role: text(200, 'Enter the attendee’s role'),
});
export type AttendeeInput = z.input<typeof AttendeeInput>;

export const ActionInput = z.object({
  description: text(2000, 'Enter what is to be done'),
  ownerName: text(200, 'Enter who will do it'),
  ownerAgency: optionalText(200),
  ownerUserId: z.uuid().optional().nullable(),
  dueOn: IsoDate,
});
export type ActionInput = z.input<typeof ActionInput>;

export const RecordDiscussionInput = z
  .object({
    referralId: z.uuid({ error: 'Give the referral the discussion is about' }),
    kind: z.enum(DISCUSSION_KINDS, { error: 'Select a discussion or a meeting' }),
    heldAt: Moment,
    chair: text(200, 'Enter who chaired it'),
    attendees: z.array(AttendeeInput).min(1, 'Add at least one attendee').max(30),
    immediateRiskConsidered: z.boolean({ error: 'Say whether immediate risk was considered' }),
    immediateRiskAction: optionalText(4000),
    viewsEstablished: z.boolean({ error: 'Say whether the person’s views and wishes were established' }),
    viewsNotEstablishedReason: optionalText(4000),
    viewsPlan: optionalText(4000),
    harmSuspected: z.boolean({ error: 'Say whether significant harm is suspected (children) or an enquiry is needed (adults)' }),
    outcome: text(4000, 'Enter the outcome of the discussion'),
    actions: z.array(ActionInput).max(30).default([]),
  })
  .superRefine((input, context) => {
    if (input.immediateRiskConsidered && !input.immediateRiskAction) {
      context.addIssue({ code: 'custom', path: ['immediateRiskAction'], message: 'Enter the action taken on the immediate risk' });
    }
    if (!input.viewsEstablished && !input.viewsNotEstablishedReason) {
      context.addIssue({
        code: 'custom',
        path: ['viewsNotEstablishedReason'],
        message: 'Enter why the person’s views and wishes were not established',
      });
    }
    if (!input.viewsEstablished && !input.viewsPlan) {
      context.addIssue({ code: 'custom', path: ['viewsPlan'], message: 'Enter the plan to establish the person’s views and wishes' });
    }
  });
export type RecordDiscussionInput = z.input<typeof RecordDiscussionInput>;

export const StartSection47Input = z.object({
  leadSocialWorker: optionalText(200),
  leadUserId: z.uuid().optional().nullable(),
  /** The team that holds the conference clock; the Child Protection Team of the children's services agency when not given. */
  teamId: z.uuid().optional().nullable(),
  rationale: optionalText(4000),
});
export type StartSection47Input = z.input<typeof StartSection47Input>;

export const RecordConferenceInput = z.object({
  heldAt: Moment,
});
export type RecordConferenceInput = z.input<typeof RecordConferenceInput>;

export const StartAdultEnquiryInput = z.object({
  rationale: optionalText(4000),
});
export type StartAdultEnquiryInput = z.input<typeof StartAdultEnquiryInput>;

export const AuditFilter = z
  .object({
    teamId: z.uuid({ error: 'Select a team' }).optional().nullable(),
    from: IsoDate,
    to: IsoDate,
  })
  .refine((value) => value.from <= value.to, { path: ['to'], message: 'The end date must be the same as or after the start date' });
export type AuditFilter = z.input<typeof AuditFilter>;

export interface Attendee {
  name: string;
  agencyType: AgencyType;
  agencyName: string;
  role: string;
}

export interface StrategyAction {
  id: string;
  description: string;
  ownerName: string;
  ownerAgency: string | null;
  ownerUserId: string | null;
  dueOn: string;
  done: boolean;
  createdAt: Date;
}

export const AUDIT_QUESTIONS = ['heldInTime', 'immediateRisk', 'agenciesInvolved', 'viewsAndWishes'] as const;
export type AuditQuestion = (typeof AUDIT_QUESTIONS)[number];
/** The four questions of the adult strategy-discussion audit (Leicestershire and Rutland), asked of every discussion. */
export const AUDIT_QUESTION_LABELS = {
  heldInTime: 'Was it held within the time limit from the agency receiving the referral?',
  immediateRisk: 'Was immediate risk considered and appropriate action taken?',
  agenciesInvolved: 'Were the appropriate agencies involved?',
  viewsAndWishes: 'Were the person’s views and wishes established, or a plan agreed to establish them?',
} as const satisfies Record<AuditQuestion, string>;

export interface AuditAnswer {
  question: AuditQuestion;
  answer: boolean;
  reason: string;
}

export interface StrategyDiscussion {
  id: string;
  referralId: string;
  referralKind: 'child' | 'adult';
  referralReceivedAt: Date;
  receivingTeamId: string | null;
  kind: DiscussionKind;
  heldAt: Date;
  dueAt: Date;
  clockLabel: string;
  onTime: boolean;
  chair: string;
  attendees: Attendee[];
  missingAgencies: AgencyType[];
  immediateRiskConsidered: boolean;
  immediateRiskAction: string | null;
  viewsEstablished: boolean;
  viewsNotEstablishedReason: string | null;
  viewsPlan: string | null;
  harmSuspected: boolean;
  outcome: string;
  actions: StrategyAction[];
  recordedByLabel: string;
  recordedAt: Date;
  auditAnswers: AuditAnswer[];
  section47EnquiryId: string | null;
}

export interface Section47Enquiry {
  id: string;
  referralId: string;
  strategyDiscussionId: string;
  personIds: string[];
  startedAt: Date;
  leadSocialWorker: string | null;
  leadUserId: string | null;
  teamId: string;
  icpcDueAt: Date;
  /** The UK calendar day of the conference deadline. */
  icpcDueOn: string;
  icpcAnchor: 'initiating' | 'last';
  /** Signed: positive while the conference is still ahead, negative when overdue. */
  icpcWorkingDaysLeft: number;
  icpcHeldAt: Date | null;
  /** No conference yet and its due date has passed (check C-06, "overdue ICPC"). */
  icpcOverdue: boolean;
  /** Held after its due date (check C-04); null until held. */
  icpcLate: boolean | null;
  startedByLabel: string;
}

export interface AuditFigure {
  question: AuditQuestion;
  yes: number;
  no: number;
  /** Whole-number percentage of yes answers; null when no discussion was held in the range. */
  percentYes: number | null;
}

export interface AuditFigures {
  teamId: string | null;
  from: string;
  to: string;
  discussions: number;
  figures: AuditFigure[];
}

/** What the referral page shows about its strategy work. */
export interface ReferralStrategySummary {
  referralId: string;
  discussions: { id: string; kind: DiscussionKind; heldAt: Date; onTime: boolean; harmSuspected: boolean }[];
  section47: { id: string; icpcDueOn: string; icpcWorkingDaysLeft: number; icpcHeldAt: Date | null } | null;
}
