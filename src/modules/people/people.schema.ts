import { z } from 'zod';
import { IsoDate } from '../../platform/validation.ts';
import {
  isValidNhsNumber,
  isValidUpn,
  normaliseNhsNumber,
  normalisePostcode,
  normaliseReference,
  normaliseUpn,
} from './people.validation.ts';

/** Forms send '' for a field left empty; that means "not given", not an empty value. */
function blankAsMissing(value: unknown): unknown {
  return typeof value === 'string' && value.trim() === '' ? undefined : value;
}

const optionalText = (max: number) =>
  z.preprocess(blankAsMissing, z.string().trim().max(max, `Enter ${max} characters or fewer`).optional());
const optionalDate = z.preprocess(blankAsMissing, IsoDate.optional());

export const PERSON_KINDS = ['child', 'unborn', 'adult'] as const;
export type PersonKind = (typeof PERSON_KINDS)[number];
export const PERSON_KIND_LABELS = { child: 'Child', unborn: 'Unborn baby', adult: 'Adult' } as const satisfies Record<PersonKind, string>;

export const SEXES = ['female', 'male', 'unknown', 'indeterminate'] as const;
export type Sex = (typeof SEXES)[number];
export const SEX_LABELS = {
  female: 'Female',
  male: 'Male',
  unknown: 'Not known',
  indeterminate: 'Indeterminate (unable to be classified as male or female)',
} as const satisfies Record<Sex, string>;

/** The DfE children in need census ethnicity codes (the ONS 2001 categories, with Gypsy/Roma and Traveller of Irish heritage). */
export const ETHNICITY_LABELS = {
  WBRI: 'White British',
  WIRI: 'White Irish',
  WIRT: 'Traveller of Irish heritage',
  WOTH: 'Any other White background',
  WROM: 'Gypsy or Roma',
  MWBC: 'White and Black Caribbean',
  MWBA: 'White and Black African',
  MWAS: 'White and Asian',
  MOTH: 'Any other mixed background',
  AIND: 'Indian',
  APKN: 'Pakistani',
  ABAN: 'Bangladeshi',
  AOTH: 'Any other Asian background',
  BCRB: 'Black Caribbean',
  BAFR: 'Black African',
  BOTH: 'Any other Black background',
  CHNE: 'Chinese',
  OOTH: 'Any other ethnic group',
  REFU: 'Refused',
  NOBT: 'Information not yet obtained',
} as const;
export type EthnicityCode = keyof typeof ETHNICITY_LABELS;
export const ETHNICITY_CODES = Object.keys(ETHNICITY_LABELS) as [EthnicityCode, ...EthnicityCode[]];

/** Kinds of a name over time. The legal name is also mirrored on the person row for listing. */
export const NAME_KINDS = ['legal', 'alias', 'previous', 'preferred', 'nickname'] as const;
export type NameKind = (typeof NAME_KINDS)[number];
export const OTHER_NAME_KINDS = ['alias', 'previous', 'preferred', 'nickname'] as const;
export const NAME_KIND_LABELS = {
  legal: 'Legal name',
  alias: 'Alias (also known as)',
  previous: 'Previous name',
  preferred: 'Preferred name',
  nickname: 'Nickname',
} as const satisfies Record<NameKind, string>;

export const IDENTIFIER_KINDS = ['nhs_number', 'upn', 'police_reference', 'la_reference', 'other'] as const;
export type IdentifierKind = (typeof IDENTIFIER_KINDS)[number];
export const IDENTIFIER_LABELS = {
  nhs_number: 'NHS number',
  upn: 'Unique pupil number (UPN)',
  police_reference: 'Police reference',
  la_reference: 'Local authority reference',
  other: 'Other reference',
} as const satisfies Record<IdentifierKind, string>;
/** Identifiers that belong to one person only: a second live record with the same value is a duplicate. */
export const UNIQUE_IDENTIFIER_KINDS: readonly IdentifierKind[] = ['nhs_number', 'upn'];

/** Checks an identifier by kind and hands back its stored form, or an error message. */
export function checkIdentifier(kind: IdentifierKind, raw: string): { value: string } | { error: string } {
  const value = raw.trim();
  if (kind === 'nhs_number') {
    const digits = normaliseNhsNumber(value);
    if (!/^\d{10}$/.test(digits)) {
      return { error: 'Enter an NHS number of 10 digits, like 943 476 5919' };
    }
    return isValidNhsNumber(digits) ? { value: digits } : { error: 'The NHS number is not valid: check each digit' };
  }
  if (kind === 'upn') {
    const upn = normaliseUpn(value);
    if (!/^[A-Z]\d{11}[0-9A-Z]$/.test(upn)) {
      return { error: 'Enter a unique pupil number of 13 characters: a letter, then 11 digits, then a digit or letter' };
    }
    return isValidUpn(upn) ? { value: upn } : { error: 'The unique pupil number is not valid: its first letter does not match the rest' };
  }
  const reference = normaliseReference(value);
  if (!/^[A-Z0-9][A-Z0-9/._-]{0,49}$/.test(reference)) {
    return { error: 'Enter the reference using letters, numbers and / . _ - only (up to 50 characters)' };
  }
  return { value: reference };
}

export const IdentifierInput = z
  .object({
    kind: z.enum(IDENTIFIER_KINDS, { message: 'Select the kind of identifier' }),
    value: z.string({ message: 'Enter the identifier' }).trim().min(1, 'Enter the identifier').max(60, 'Enter 60 characters or fewer'),
  })
  .transform((input, ctx) => {
    const checked = checkIdentifier(input.kind, input.value);
    if ('error' in checked) {
      ctx.addIssue({ code: 'custom', path: ['value'], message: checked.error });
      return z.NEVER;
    }
    return { kind: input.kind, value: checked.value };
  });
export type IdentifierInput = z.input<typeof IdentifierInput>;

const postcode = z
  .string({ message: 'Enter the postcode' })
  .trim()
  .min(1, 'Enter the postcode')
  .max(10, 'Enter a real postcode, like NS1 4AB')
  .transform((value, ctx) => {
    const normalised = normalisePostcode(value);
    if (!normalised) {
      ctx.addIssue({ code: 'custom', message: 'Enter a real postcode, like NS1 4AB' });
      return z.NEVER;
    }
    return normalised;
  });

export const AddressInput = z
  .object({
    line1: z.string({ message: 'Enter the first line of the address' }).trim().min(1, 'Enter the first line of the address').max(200),
    line2: optionalText(200),
    town: optionalText(100),
    postcode,
    validFrom: optionalDate,
    validTo: optionalDate,
  })
  .superRefine((input, ctx) => {
    if (input.validFrom && input.validTo && input.validTo < input.validFrom) {
      ctx.addIssue({
        code: 'custom',
        path: ['validTo'],
        message: 'The date they left must be the same as or after the date they moved in',
      });
    }
  });
export type AddressInput = z.input<typeof AddressInput>;

export const OtherNameInput = z
  .object({
    kind: z.enum(OTHER_NAME_KINDS, { message: 'Select the kind of name' }),
    givenName: optionalText(200),
    familyName: optionalText(200),
    validFrom: optionalDate,
    validTo: optionalDate,
  })
  .superRefine((input, ctx) => {
    if (!input.givenName && !input.familyName) {
      ctx.addIssue({ code: 'custom', path: ['givenName'], message: 'Enter a given name, a family name or both' });
    }
    if (input.validFrom && input.validTo && input.validTo < input.validFrom) {
      ctx.addIssue({ code: 'custom', path: ['validTo'], message: 'The date it stopped being used must be after the date it started' });
    }
  });
export type OtherNameInput = z.input<typeof OtherNameInput>;

/** The person's own facts; every one of them can be changed later, with history. */
const detailFields = {
  kind: z.enum(PERSON_KINDS, { message: 'Select child, unborn baby or adult' }).optional(),
  givenName: z.string({ message: 'Enter the given name' }).trim().min(1, 'Enter the given name').max(200, 'Enter 200 characters or fewer'),
  familyName: z
    .string({ message: 'Enter the family name' })
    .trim()
    .min(1, 'Enter the family name')
    .max(200, 'Enter 200 characters or fewer'),
  dateOfBirth: optionalDate,
  dateOfBirthIsEstimated: z.boolean().optional(),
  expectedDeliveryDate: optionalDate,
  sex: z.preprocess(blankAsMissing, z.enum(SEXES, { message: 'Select the person’s sex' }).optional()),
  genderIdentity: optionalText(100),
  ethnicityCode: z.preprocess(blankAsMissing, z.enum(ETHNICITY_CODES, { message: 'Select an ethnicity from the list' }).optional()),
  firstLanguage: optionalText(100),
  interpreterNeeded: z.boolean().optional(),
  disability: optionalText(2000),
  dateOfDeath: optionalDate,
};

export const CreatePersonInput = z
  .object({
    ...detailFields,
    identifiers: z.array(IdentifierInput).max(10, 'Enter up to 10 identifiers').optional(),
    address: AddressInput.optional(),
    otherNames: z.array(OtherNameInput).max(20, 'Enter up to 20 other names').optional(),
  })
  .superRefine((input, ctx) => {
    const seen = new Set<string>();
    for (const [index, identifier] of (input.identifiers ?? []).entries()) {
      if (seen.has(identifier.kind) && UNIQUE_IDENTIFIER_KINDS.includes(identifier.kind)) {
        ctx.addIssue({
          code: 'custom',
          path: ['identifiers', index, 'kind'],
          message: `Enter only one ${IDENTIFIER_LABELS[identifier.kind]}`,
        });
      }
      seen.add(identifier.kind);
    }
  });
export type CreatePersonInput = z.input<typeof CreatePersonInput>;

/** A field that can be emptied on change: null clears it ('' from a form does too). */
function clearable<T extends z.ZodType>(schema: T) {
  return z.preprocess((value) => (typeof value === 'string' && value.trim() === '' ? null : value), schema.nullable().optional());
}

const changeFields = {
  kind: detailFields.kind,
  givenName: detailFields.givenName.optional(),
  familyName: detailFields.familyName.optional(),
  dateOfBirth: clearable(IsoDate),
  dateOfBirthIsEstimated: z.boolean().optional(),
  expectedDeliveryDate: clearable(IsoDate),
  sex: clearable(z.enum(SEXES, { message: 'Select the person’s sex' })),
  genderIdentity: clearable(z.string().trim().max(100, 'Enter 100 characters or fewer')),
  ethnicityCode: clearable(z.enum(ETHNICITY_CODES, { message: 'Select an ethnicity from the list' })),
  firstLanguage: clearable(z.string().trim().max(100, 'Enter 100 characters or fewer')),
  interpreterNeeded: z.boolean().nullable().optional(),
  disability: clearable(z.string().trim().max(2000, 'Enter 2000 characters or fewer')),
  dateOfDeath: clearable(IsoDate),
};
/** The fields of a person that change and correction may touch (names, identifiers and addresses have their own). */
export const PERSON_FIELDS = Object.keys(changeFields) as (keyof typeof changeFields)[];
export type PersonField = (typeof PERSON_FIELDS)[number];
export const PERSON_FIELD_LABELS = {
  kind: 'Child, unborn or adult',
  givenName: 'Given name',
  familyName: 'Family name',
  dateOfBirth: 'Date of birth',
  dateOfBirthIsEstimated: 'Date of birth is estimated',
  expectedDeliveryDate: 'Expected date of delivery',
  sex: 'Sex',
  genderIdentity: 'Gender identity',
  ethnicityCode: 'Ethnicity',
  firstLanguage: 'First language',
  interpreterNeeded: 'Interpreter needed',
  disability: 'Disability',
  dateOfDeath: 'Date of death',
} as const satisfies Record<PersonField, string>;
/** History rows also record changes to names, identifiers and addresses under these field names. */
export const HISTORY_FIELD_LABELS: Record<string, string> = {
  ...PERSON_FIELD_LABELS,
  name: 'Other name',
  identifier: 'Identifier',
  address: 'Address',
};

const atLeastOneField = (input: Record<string, unknown>) => PERSON_FIELDS.some((field) => input[field] !== undefined);

export const UpdatePersonInput = z.object(changeFields).refine(atLeastOneField, { message: 'Change at least one field' });
export type UpdatePersonInput = z.input<typeof UpdatePersonInput>;

export const CorrectPersonInput = z
  .object({
    ...changeFields,
    reason: z
      .string({ message: 'Explain what was wrong and how you know' })
      .trim()
      .min(10, 'Explain in at least 10 characters what was wrong and how you know')
      .max(2000, 'Enter 2000 characters or fewer'),
  })
  .refine(atLeastOneField, { message: 'Correct at least one field' });
export type CorrectPersonInput = z.input<typeof CorrectPersonInput>;

export const RestrictPersonInput = z.object({
  reason: z.string().trim().min(10, 'Explain in at least 10 characters why this record is restricted').max(2000),
});

export const EndIdentifierInput = z.object({
  reason: optionalText(2000),
});
export type EndIdentifierInput = z.input<typeof EndIdentifierInput>;

export const SearchPeopleInput = z
  .object({
    name: optionalText(200),
    dateOfBirth: optionalDate,
    identifier: z.preprocess(blankAsMissing, z.string().trim().max(60, 'Enter 60 characters or fewer').optional()),
    postcode: z.preprocess(
      blankAsMissing,
      z
        .string()
        .trim()
        .max(10, 'Enter a real postcode, like NS1 4AB')
        .transform((value, ctx) => {
          const normalised = normalisePostcode(value);
          if (!normalised) {
            ctx.addIssue({ code: 'custom', message: 'Enter a real postcode, like NS1 4AB' });
            return z.NEVER;
          }
          return normalised;
        })
        .optional(),
    ),
    limit: z.number().int().min(1).max(200).optional(),
  })
  .refine((input) => input.name || input.dateOfBirth || input.identifier || input.postcode, {
    path: ['name'],
    message: 'Enter a name, date of birth, identifier or postcode',
  });
export type SearchPeopleInput = z.input<typeof SearchPeopleInput>;

export interface Person {
  id: string;
  kind: PersonKind;
  givenName: string;
  familyName: string;
  dateOfBirth: string | null;
  dateOfBirthIsEstimated: boolean;
  expectedDeliveryDate: string | null;
  sex: Sex | null;
  genderIdentity: string | null;
  ethnicityCode: EthnicityCode | null;
  firstLanguage: string | null;
  interpreterNeeded: boolean | null;
  disability: string | null;
  dateOfDeath: string | null;
  isRestricted: boolean;
  version: number;
  createdAt: Date;
  updatedAt: Date;
}

export interface PersonName {
  id: string;
  kind: NameKind;
  givenName: string | null;
  familyName: string | null;
  validFrom: string | null;
  validTo: string | null;
  recordedBy: string;
  recordedAt: Date;
}

export interface PersonIdentifier {
  id: string;
  kind: IdentifierKind;
  value: string;
  recordedBy: string;
  recordedAt: Date;
  endedAt: Date | null;
}

export interface PersonAddress {
  id: string;
  line1: string;
  line2: string | null;
  town: string | null;
  postcode: string;
  validFrom: string | null;
  validTo: string | null;
  recordedBy: string;
  recordedAt: Date;
}

export interface PersonDetails extends Person {
  names: PersonName[];
  identifiers: PersonIdentifier[];
  addresses: PersonAddress[];
}

/** One field's change, kept for ever: a correction keeps the value it replaced and the reason. */
export interface PersonChange {
  id: string;
  field: string;
  oldValue: string | null;
  newValue: string | null;
  kind: 'change' | 'correction';
  reason: string | null;
  changedBy: string;
  changedAt: Date;
  version: number;
}

/** A person found by a search, with how strongly and why they matched. */
export interface PersonMatch {
  person: Person;
  /** 0–100: 100 when everything asked for matched exactly. */
  score: number;
  reasons: string[];
}

/** One field's part in a likely match: what it adds to the match weight, and why in words. */
export interface MatchEvidence {
  field: string;
  /** In bits: positive for the same person, negative against. */
  weight: number;
  words: string;
}

/** A person the duplicate check thinks may be the one about to be recorded, with the explanation. */
export interface LikelyMatch extends PersonMatch {
  /** The chance they are the same person, 0 to 1. */
  probability: number;
  /** The match weight (log2 of the odds), by which matches are ranked. */
  weight: number;
  /** "Probably the same person (97.2%)". */
  summary: string;
  /** Every field recorded on both, strongest first. */
  evidence: MatchEvidence[];
  /** Why these two must never be linked without a person deciding (twins, different NHS numbers), or null. */
  guard: string | null;
}

/** Said instead of any detail when a likely match is a record the actor may not see. */
export const HELD_ELSEWHERE_PROMPT = 'A possible match is held by another agency. Ask the MASH before you create a new record.';

/** The duplicate check's answer: the matches the actor may see, and whether another is held elsewhere. */
export interface LikelyMatches {
  items: LikelyMatch[];
  /** True when a likely match is a record the actor may not see: no name, count or score is given. */
  heldElsewhere: boolean;
  /** HELD_ELSEWHERE_PROMPT when heldElsewhere, otherwise null. */
  heldElsewherePrompt: string | null;
}

export interface AccessLogEntry {
  seq: number;
  occurredAt: Date;
  actorLabel: string;
  action: string;
  outcome: string;
  purpose: string | null;
}
