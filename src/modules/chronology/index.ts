/** The one multi-agency chronology: entries from every agency about every person they concern, and each person's voice. */
export { IMPORT_COLUMNS, type ImportReport } from './chronology.import.ts';
export { chronologyRoutes } from './chronology.routes.ts';
export {
  CATEGORIES,
  CATEGORY_LABELS,
  type Category,
  type ChronologyEntry,
  type ChronologyPage,
  NATURE_LABELS,
  SENSITIVITY_LABELS,
  SIGNIFICANCE_LABELS,
  VOICE_METHOD_LABELS,
  VOICE_STALE_AFTER_DAYS,
  type VoiceSummary,
} from './chronology.schema.ts';
export { type ChronologyService, createChronologyService, type ModuleEntry } from './chronology.service.ts';
