// Tables of the relationships module (issue 3): relationship, household, household_member.
// biome-ignore lint/complexity/noBannedTypes: filled in by the relationships work
export type RelationshipsTables = {};
