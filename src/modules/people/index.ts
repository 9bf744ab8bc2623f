/**
 * People the partnership works with: children (including unborn), adults, their names over time,
 * identifiers, addresses and details with a kept history of every change and correction; search
 * tolerant of misspellings and nicknames; the duplicate check before a record is made; scoped,
 * audited reads.
 */
export { nicknamesOf } from './people.matching.ts';
export { canViewAccessLog } from './people.policy.ts';
export { peopleRoutes } from './people.routes.ts';
export {
  type AccessLogEntry,
  AddressInput,
  CorrectPersonInput,
  CreatePersonInput,
  ETHNICITY_CODES,
  ETHNICITY_LABELS,
  type EthnicityCode,
  HELD_ELSEWHERE_PROMPT,
  HISTORY_FIELD_LABELS,
  IDENTIFIER_KINDS,
  IDENTIFIER_LABELS,
  IdentifierInput,
  type IdentifierKind,
  type LikelyMatch,
  type LikelyMatches,
  type MatchEvidence,
  NAME_KIND_LABELS,
  OTHER_NAME_KINDS,
  OtherNameInput,
  PERSON_FIELD_LABELS,
  PERSON_FIELDS,
  PERSON_KIND_LABELS,
  PERSON_KINDS,
  type Person,
  type PersonAddress,
  type PersonChange,
  type PersonDetails,
  type PersonField,
  type PersonIdentifier,
  type PersonKind,
  type PersonMatch,
  type PersonName,
  RestrictPersonInput,
  SEX_LABELS,
  SEXES,
  SearchPeopleInput,
  UpdatePersonInput,
} from './people.schema.ts';
export { createPeopleService, hiddenDuplicateMessage, type PeopleService } from './people.service.ts';
export { isValidNhsNumber, isValidPostcode, isValidUpn, normalisePostcode } from './people.validation.ts';
