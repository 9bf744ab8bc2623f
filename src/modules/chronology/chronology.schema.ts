import { TZDate } from '@date-fns/tz';
import { z } from 'zod';
import { IsoDate } from '../../platform/validation.ts';

/** Partnership time: what a practitioner types as "14:30 on 3 March" means 14:30 in the UK. */
export const LOCAL_TIME_ZONE = 'Europe/London';

export const CATEGORIES = [
  'incident',
  'police_callout',
  'ae_attendance',
  'home_visit',
  'appointment_attended',
  'appointment_missed',
  'school_attendance',
  'school_exclusion',
  'disclosure',
  'missing_episode',
  'assessment',
  'meeting',
  'decision',
  'referral',
  'plan',
  'other',
] as const;
export type Category = (typeof CATEGORIES)[number];

export const CATEGORY_LABELS: Record<Category, string> = {
  incident: 'Incident',
  police_callout: 'Police call-out',
  ae_attendance: 'A&E attendance',
  home_visit: 'Home visit',
  appointment_attended: 'Appointment attended',
  appointment_missed: 'Appointment missed',
  school_attendance: 'School attendance',
  school_exclusion: 'School exclusion',
  disclosure: 'Disclosure',
  missing_episode: 'Missing episode',
  assessment: 'Assessment',
  meeting: 'Meeting',
  decision: 'Decision',
  referral: 'Referral',
  plan: 'Plan',
  other: 'Other',
};

export const NATURES = ['fact', 'opinion'] as const;
export const NATURE_LABELS = { fact: 'Fact', opinion: 'Professional opinion' } as const;
export const SIGNIFICANCES = ['low', 'medium', 'high'] as const;
export const SIGNIFICANCE_LABELS = { low: 'Low', medium: 'Medium', high: 'High' } as const;

/**
 * Who beyond the person's own access may read an entry:
 * - standard: anyone who may see a person the entry concerns;
 * - sensitive (sexual health, a refuge address): the source agency, and workers or teams allocated to a person it concerns;
 * - confidential (a covert police operation): the source agency only.
 */
export const SENSITIVITIES = ['standard', 'sensitive', 'confidential'] as const;
export type Sensitivity = (typeof SENSITIVITIES)[number];
export const SENSITIVITY_LABELS = {
  standard: 'Standard',
  sensitive: 'Sensitive — source agency and allocated workers only',
  confidential: 'Confidential — source agency only',
} as const;

export const VOICE_METHODS = [
  'direct_conversation',
  'seen_alone',
  'observation',
  'play_or_drawing',
  'written',
  'digital',
  'through_interpreter',
  'through_advocate',
  'through_parent_or_carer',
] as const;
export const VOICE_METHOD_LABELS: Record<(typeof VOICE_METHODS)[number], string> = {
  direct_conversation: 'Direct conversation',
  seen_alone: 'Seen and spoken to alone',
  observation: 'Observation (for example a baby or a non-verbal child)',
  play_or_drawing: 'Play, drawing or direct work',
  written: 'Written by them',
  digital: 'Digital tool or app',
  through_interpreter: 'Through an interpreter',
  through_advocate: 'Through an advocate',
  through_parent_or_carer: 'Reported by a parent or carer',
};

/** A child not heard individually for longer than this is flagged; Wirral's CP visiting standard is 3 weeks. */
export const VOICE_STALE_AFTER_DAYS = 21;

function enumWithMessage<const T extends readonly [string, ...string[]]>(values: T, what: string) {
  return z.enum(values, { message: `Choose ${what} from the list (${values.join(', ')})` });
}

/**
 * When something happened, as the partner typed it: a full timestamp with offset, a UK local date
 * and time (`2026-03-03T14:30`), or a date alone (the time then is not known, and is shown so).
 */
export const OccurredAt = z
  .string()
  .trim()
  .transform((value, context): { at: Date; timeIsKnown: boolean } => {
    const local = value.match(/^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2}))?)?$/);
    if (local) {
      const [year, month, day, hour, minute, second] = local.slice(1).map((part) => (part === undefined ? undefined : Number(part)));
      const timeIsKnown = hour !== undefined;
      const at = new TZDate(year as number, (month as number) - 1, day as number, hour ?? 12, minute ?? 0, second ?? 0, LOCAL_TIME_ZONE);
      // TZDate rolls 31 February over into March: a date that does not survive the round trip is not real.
      if (at.getDate() !== day || at.getMonth() !== (month as number) - 1 || (timeIsKnown && (hour as number) > 23)) {
        context.addIssue({ code: 'custom', message: 'Enter a real date and time' });
        return z.NEVER;
      }
      return { at: new Date(at.getTime()), timeIsKnown };
    }
    if (z.iso.datetime({ offset: true }).safeParse(value).success) {
      return { at: new Date(value), timeIsKnown: true };
    }
    context.addIssue({ code: 'custom', message: 'Enter when it happened as YYYY-MM-DD, or YYYY-MM-DDTHH:MM' });
    return z.NEVER;
  });

/** The same check as OccurredAt without the conversion, for wire schemas that pass the text on to the service. */
export const OccurredAtText = z
  .string()
  .describe('YYYY-MM-DD, YYYY-MM-DDTHH:MM (UK time) or an ISO timestamp with offset')
  .superRefine((value, context) => {
    const result = OccurredAt.safeParse(value);
    if (!result.success) {
      context.addIssue({ code: 'custom', message: result.error.issues[0]?.message ?? 'Enter a real date and time' });
    }
  });

const personIds = z
  .array(z.uuid({ message: 'Each person must be a person record id' }), { message: 'Say which people this entry concerns' })
  .min(1, 'Say which people this entry concerns')
  .max(50, 'An entry can concern at most 50 people')
  .refine((ids) => new Set(ids).size === ids.length, 'Each person can be listed only once');

export const RecordEntryInput = z.object({
  occurredAt: OccurredAt,
  occurredAtIsApproximate: z.boolean().default(false),
  category: enumWithMessage(CATEGORIES, 'a category'),
  summary: z.string().trim().min(1, 'Enter a summary of what happened').max(4000, 'Keep the summary to 4,000 characters'),
  nature: enumWithMessage(NATURES, 'whether this is fact or professional opinion'),
  significance: enumWithMessage(SIGNIFICANCES, 'a significance'),
  sensitivity: enumWithMessage(SENSITIVITIES, 'a sensitivity').default('standard'),
  personIds,
  sourceReference: z.string().trim().max(200).optional(),
});
export type RecordEntryInput = z.input<typeof RecordEntryInput>;

const reason = (what: string) =>
  z
    .string({ message: `Give the reason for the ${what}` })
    .trim()
    .min(10, `Give the reason for the ${what} in at least 10 characters`)
    .max(2000);

/** An amendment restates the entry; anything not given is carried over from the entry it supersedes. */
export const AmendEntryInput = RecordEntryInput.omit({ sourceReference: true })
  .partial()
  .extend({ reason: reason('amendment') });
export type AmendEntryInput = z.input<typeof AmendEntryInput>;

export const WithdrawEntryInput = z.object({ reason: reason('withdrawal') });
export type WithdrawEntryInput = z.input<typeof WithdrawEntryInput>;

export const ChronologyFilter = z.object({
  agencyIds: z.array(z.uuid()).optional(),
  categories: z.array(enumWithMessage(CATEGORIES, 'a category')).optional(),
  significances: z.array(enumWithMessage(SIGNIFICANCES, 'a significance')).optional(),
  from: IsoDate.optional(),
  to: IsoDate.optional(),
  includeWithdrawn: z.boolean().optional(),
  page: z.number().int().min(1).max(100000).default(1),
  pageSize: z.number().int().min(1).max(500).default(50),
});
export type ChronologyFilter = z.input<typeof ChronologyFilter>;

export const RecordVoiceInput = z.object({
  heardOn: IsoDate,
  method: enumWithMessage(VOICE_METHODS, 'how their voice was heard'),
  heardIndividually: z.boolean({ message: 'Say whether they were heard on their own or as part of a group' }),
  words: z.string().trim().min(1, 'Enter what they said, in their words where possible').max(4000),
  isVerbatim: z.boolean().default(false),
  wishesAndFeelings: z.string().trim().max(4000).optional(),
});
export type RecordVoiceInput = z.input<typeof RecordVoiceInput>;

export interface EntryPerson {
  id: string;
  /** Null when the reader may not see this person: the entry shows that someone else was involved, not who. */
  name: string | null;
}

export interface ChronologyEntry {
  id: string;
  occurredAt: Date;
  occurredAtIsApproximate: boolean;
  timeIsKnown: boolean;
  recordedAt: Date;
  sourceAgencyId: string;
  sourceAgencyName: string;
  authorLabel: string;
  category: Category;
  summary: string;
  nature: (typeof NATURES)[number];
  significance: (typeof SIGNIFICANCES)[number];
  sensitivity: Sensitivity;
  sourceReference: string | null;
  supersedesId: string | null;
  amendmentReason: string | null;
  originType: string | null;
  originId: string | null;
  people: EntryPerson[];
  /** Set when the entry has been superseded by an amendment (it is then history, not current). */
  supersededById: string | null;
  withdrawal: { reason: string; byLabel: string; at: Date } | null;
}

export interface ChronologyPage {
  entries: ChronologyEntry[];
  total: number;
  page: number;
  pageSize: number;
  /** Entries that concern these people but that the reader may not see. Said on the page, never shown. */
  withheld: number;
  /** Withdrawn entries left out of this view (shown on request). */
  withdrawn: number;
}

export interface VoiceEntry {
  id: string;
  personId: string;
  heardOn: string;
  method: (typeof VOICE_METHODS)[number];
  heardIndividually: boolean;
  words: string;
  isVerbatim: boolean;
  wishesAndFeelings: string | null;
  agencyName: string;
  recordedByLabel: string;
  recordedAt: Date;
}

export interface VoiceSummary {
  entries: VoiceEntry[];
  lastHeardOn: string | null;
  lastHeardIndividuallyOn: string | null;
  /** True when not heard individually within VOICE_STALE_AFTER_DAYS (or never). */
  notHeardRecently: boolean;
  /** True when the recent entries are all as part of a group of siblings. */
  onlyHeardInGroup: boolean;
}
