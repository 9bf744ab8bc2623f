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

/** Where an item stands against its clock, as the tray shows it. */
export const TRAY_STATES = ['overdue', 'due_soon', 'due'] as const;
export type TrayState = (typeof TRAY_STATES)[number];

export const TRAY_STATE_LABELS = {
  overdue: 'Overdue',
  due_soon: 'Due soon',
  due: 'Due',
} as const satisfies Record<TrayState, string>;

/** A team's tray, the actor's own work, or a manager's view of every team they belong to. */
export const TRAY_VIEWS = ['team', 'mine', 'manager'] as const;
export type TrayView = (typeof TRAY_VIEWS)[number];

export const TRAY_PAGE_SIZE = 25;

export const TrayQuery = z.object({
  view: z.enum(TRAY_VIEWS),
  /** Required for a team's tray; narrows a manager's view to one of their teams. */
  teamId: z.uuid({ message: 'Choose a team' }).optional(),
  state: z.enum(TRAY_STATES, { message: 'Choose overdue, due soon or due' }).optional(),
  kind: z.enum(WORK_KINDS, { message: 'Choose a kind of work from the list' }).optional(),
  /** A member's user id, or "unallocated". */
  holder: z.union([z.uuid(), z.literal('unallocated')], { message: 'Choose a team member or unallocated' }).optional(),
  page: z.number().int().min(1).default(1),
  pageSize: z.number().int().min(1).max(100).default(TRAY_PAGE_SIZE),
});
export type TrayQuery = z.input<typeof TrayQuery>;

export interface TrayItem extends WorkItem {
  kindLabel: string;
  state: TrayState;
  /** The UK calendar day the deadline falls on. */
  dueDate: string;
  /** Working days from today to the due date: negative when overdue. */
  workingDays: number;
  /** "due in 3 working days", "2 working days overdue", "due today at 13:00". */
  dueText: string;
  teamName: string;
  holderName: string | null;
  /** Null when there is no person, or the reader may not see them (then `personHidden` is true). */
  personName: string | null;
  personHidden: boolean;
}

export interface TrayCounts {
  overdue: number;
  dueSoon: number;
  due: number;
  total: number;
}

/** One holder's share of a manager's teams' work ("unallocated" when `holderUserId` is null). */
export interface HolderSummary extends TrayCounts {
  teamId: string;
  teamName: string;
  holderUserId: string | null;
  holderName: string | null;
}

export interface TrayPage {
  view: TrayView;
  teamIds: string[];
  items: TrayItem[];
  /** Items matching every filter, state included. */
  total: number;
  page: number;
  pageSize: number;
  /** Per state, with the kind and holder filters but not the state filter, for the tabs. */
  counts: TrayCounts;
  /** Manager's view only: who holds what. */
  holders: HolderSummary[];
  /** The deadline up to which an item counts as due soon. */
  dueSoonUntil: Date;
}

export const AllocateInput = z.object({
  /** The new holder (a member of the item's team), or null to put it back in the team's tray. */
  holderUserId: z.uuid({ message: 'Choose a member of the team' }).nullable(),
  /** The version the change was based on: someone else's change in between makes it stale. */
  version: z.number({ message: 'Say which version of the item this change is based on' }).int().min(1),
});
export type AllocateInput = z.infer<typeof AllocateInput>;

export interface TeamMember {
  userId: string;
  name: string;
}

/** The reminders one run of `work.reminders` sent. */
export interface ReminderReport {
  dueSoon: number;
  overdue: number;
  notifications: number;
}
