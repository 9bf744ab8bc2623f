/**
 * Work on a clock: items other modules open and close in their own transactions, gathered into team
 * and manager trays (due, due soon, overdue) with reminders and reallocation.
 */
export { canReallocateWork, canSeeTeamTray } from './work.policy.ts';
export { workRoutes } from './work.routes.ts';
export {
  AllocateInput,
  type HolderSummary,
  type OpenWorkItemInput,
  type ReminderReport,
  type TeamMember,
  TRAY_PAGE_SIZE,
  TRAY_STATE_LABELS,
  TRAY_STATES,
  TRAY_VIEWS,
  type TrayCounts,
  type TrayItem,
  type TrayPage,
  TrayQuery,
  type TrayState,
  type TrayView,
  WORK_KIND_LABELS,
  WORK_KINDS,
  type WorkItem,
  type WorkKind,
} from './work.schema.ts';
export {
  closeWorkItems,
  createWorkService,
  describeDue,
  openWorkItem,
  REMINDER_INTERVAL_MS,
  REMINDER_JOB_KIND,
  type WorkService,
} from './work.service.ts';
