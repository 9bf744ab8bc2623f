/**
 * Work on a clock: items other modules open and close in their own transactions, gathered into team
 * and manager trays (due, due soon, overdue) with reminders and reallocation.
 */
export { canReallocateWork, canSeeTeamTray } from './work.policy.ts';
export { workRoutes } from './work.routes.ts';
export { type OpenWorkItemInput, WORK_KIND_LABELS, WORK_KINDS, type WorkItem, type WorkKind } from './work.schema.ts';
export { closeWorkItems, createWorkService, openWorkItem, type WorkService } from './work.service.ts';
