/** Relationships between people, households over time, and the pictures drawn from them. */
export { relationshipsRoutes } from './relationships.routes.ts';
export { createRelationshipsService, type RelationshipsService } from './relationships.service.ts';
