/**
 * Relationships between people, households over time, the adults around a child, the agencies and
 * workers involved with a person, and the genogram and ecomap drawn from them.
 */

export {
  type EcomapData,
  ecomapSvg,
  type GenogramData,
  genogramFacts,
  genogramSvg,
  parentalResponsibilityText,
} from './relationships.pictures.ts';
export { relatedPersonDisclosure } from './relationships.policy.ts';
export { relationshipsRoutes } from './relationships.routes.ts';
export {
  AddHouseholdMemberInput,
  type AdultAroundChild,
  CreateHouseholdInput,
  EndHouseholdMembershipInput,
  EndRelationshipInput,
  HOUSEHOLD_ROLE_LABELS,
  HOUSEHOLD_ROLES,
  type Household,
  type HouseholdMember,
  type HouseholdRole,
  type Involvement,
  PARENTING_KINDS,
  type PersonRef,
  RELATIONSHIP_INVERSE_LABELS,
  RELATIONSHIP_KINDS,
  RELATIONSHIP_LABELS,
  RecordAdultChecksInput,
  RecordRelationshipInput,
  type Relationship,
  type RelationshipKind,
  type RelationshipView,
} from './relationships.schema.ts';
export { createRelationshipsService, type FamilyView, type RelationshipsService } from './relationships.service.ts';
