/** The one multi-agency chronology: entries from every agency about every person they concern, and each person's voice. */
export { chronologyRoutes } from './chronology.routes.ts';
export { type ChronologyService, createChronologyService } from './chronology.service.ts';
