import { z } from 'zod';

/** The clocks that put work in a tray; each module opens and closes its own. */
export const WORK_KINDS = [
  'referral_triage',
  'referral_decision',
  'information_return',
  'strategy_discussion',
  'icpc',
  'child_and_family_assessment',
  'early_help_assessment',
  's42_decision',
  's42_enquiry',
  'advocacy',
] as const;
export type WorkKind = (typeof WORK_KINDS)[number];

export const WORK_KIND_LABELS = {
  referral_triage: 'Rate the referral',
  referral_decision: 'Decide on the referral',
  information_return: 'Information return due',
  strategy_discussion: 'Hold the strategy discussion',
  icpc: 'Initial child protection conference due',
  child_and_family_assessment: 'Child and family assessment due',
  early_help_assessment: 'Early help assessment due',
  s42_decision: 'Section 42 decision due',
  s42_enquiry: 'Section 42 enquiry due',
  advocacy: 'Arrange an independent advocate',
} as const satisfies Record<WorkKind, string>;

export const OpenWorkItemInput = z.object({
  partnershipId: z.uuid(),
  kind: z.enum(WORK_KINDS),
  /** A short label with no case content: the tray shows it to the whole team. */
  title: z.string().min(1).max(200),
  personId: z.uuid().nullable().optional(),
  referenceType: z.string().min(1).max(60),
  referenceId: z.uuid(),
  teamId: z.uuid(),
  holderUserId: z.uuid().nullable().optional(),
  dueAt: z.date(),
  /** How the deadline was set, e.g. "1 working day from receipt". */
  clockLabel: z.string().min(1).max(200),
});
export type OpenWorkItemInput = z.infer<typeof OpenWorkItemInput>;

export interface WorkItem {
  id: string;
  kind: WorkKind;
  title: string;
  personId: string | null;
  referenceType: string;
  referenceId: string;
  teamId: string;
  holderUserId: string | null;
  openedAt: Date;
  dueAt: Date;
  clockLabel: string;
  completedAt: Date | null;
  outcome: string | null;
  version: number;
}
