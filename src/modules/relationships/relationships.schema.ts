import { z } from 'zod';
import { IsoDate } from '../../platform/validation.ts';

/**
 * Kinds of relationship. A row reads "related person is the <kind> of person": Kayleigh is the
 * `mother` of Ellie is stored as (person Ellie, related person Kayleigh, mother).
 */
export const RELATIONSHIP_KINDS = [
  'mother',
  'father',
  'step_parent',
  'parents_partner',
  'sibling',
  'half_sibling',
  'step_sibling',
  'grandparent',
  'aunt_uncle',
  'kinship_carer',
  'foster_carer',
  'special_guardian',
  'adoptive_parent',
  'partner',
  'ex_partner',
  'friend',
  'professional',
  'other',
] as const;
export type RelationshipKind = (typeof RELATIONSHIP_KINDS)[number];

/** What the related person is to the person: "Kayleigh is Ellie's <mother>". */
export const RELATIONSHIP_LABELS = {
  mother: 'Mother',
  father: 'Father',
  step_parent: 'Step-parent',
  parents_partner: 'Parent’s partner',
  sibling: 'Sibling',
  half_sibling: 'Half-sibling',
  step_sibling: 'Step-sibling',
  grandparent: 'Grandparent',
  aunt_uncle: 'Aunt or uncle',
  kinship_carer: 'Kinship carer',
  foster_carer: 'Foster carer',
  special_guardian: 'Special guardian',
  adoptive_parent: 'Adoptive parent',
  partner: 'Partner',
  ex_partner: 'Ex-partner',
  friend: 'Friend',
  professional: 'Professional',
  other: 'Other',
} as const satisfies Record<RelationshipKind, string>;

/** The same relationship seen from the other side: "Ellie is Kayleigh's <child>". */
export const RELATIONSHIP_INVERSE_LABELS = {
  mother: 'Child',
  father: 'Child',
  step_parent: 'Stepchild',
  parents_partner: 'Partner’s child',
  sibling: 'Sibling',
  half_sibling: 'Half-sibling',
  step_sibling: 'Step-sibling',
  grandparent: 'Grandchild',
  aunt_uncle: 'Niece or nephew',
  kinship_carer: 'Child in their kinship care',
  foster_carer: 'Foster child',
  special_guardian: 'Child under their special guardianship',
  adoptive_parent: 'Adopted child',
  partner: 'Partner',
  ex_partner: 'Ex-partner',
  friend: 'Friend',
  professional: 'Person they work with',
  other: 'Other',
} as const satisfies Record<RelationshipKind, string>;

/** Kinds in which the related person parents or cares for the person: these can carry parental responsibility. */
export const PARENTING_KINDS: readonly RelationshipKind[] = [
  'mother',
  'father',
  'step_parent',
  'parents_partner',
  'grandparent',
  'aunt_uncle',
  'kinship_carer',
  'foster_carer',
  'special_guardian',
  'adoptive_parent',
  'other',
];

/** Kinds that read the same from both sides. */
export const SYMMETRIC_KINDS: readonly RelationshipKind[] = [
  'sibling',
  'half_sibling',
  'step_sibling',
  'partner',
  'ex_partner',
  'friend',
  'other',
];

/**
 * The adults "around" a child by relationship alone, wherever they live: those who parent or care
 * for the child (the related person of these kinds), and any adult partner or ex-partner of the child.
 */
export const AROUND_CHILD_KINDS: readonly RelationshipKind[] = [
  'mother',
  'father',
  'step_parent',
  'parents_partner',
  'kinship_carer',
  'foster_carer',
  'special_guardian',
  'adoptive_parent',
];
export const PARTNER_KINDS: readonly RelationshipKind[] = ['partner', 'ex_partner'];

export const HOUSEHOLD_ROLES = ['resident', 'regular_visitor', 'present_not_related'] as const;
export type HouseholdRole = (typeof HOUSEHOLD_ROLES)[number];

export const HOUSEHOLD_ROLE_LABELS = {
  resident: 'Lives here',
  regular_visitor: 'Visits regularly',
  present_not_related: 'Present, not related (a lodger, a parent’s new partner)',
} as const satisfies Record<HouseholdRole, string>;

/** The age from which someone counts among the adults around a child. */
export const ADULT_AGE = 18;

/** Forms send empty strings for untouched fields; the API may send nothing. Both mean "not given". */
const optional = <T extends z.ZodType>(schema: T) =>
  z.preprocess((value) => (value === '' || value === null ? undefined : value), schema.optional());

const note = (max: number) => optional(z.string().trim().max(max, `Enter no more than ${max} characters`));

const UK_POSTCODE = /^([A-Z]{1,2}\d[A-Z\d]?) ?(\d[A-Z]{2})$/;

const postcode = optional(
  z
    .string()
    .trim()
    .toUpperCase()
    .regex(UK_POSTCODE, 'Enter a full UK postcode, like NS1 4AB')
    .transform((value) => value.replace(UK_POSTCODE, '$1 $2')),
);

export const RecordRelationshipInput = z
  .object({
    personId: z.uuid({ message: 'Select whose record this relationship belongs to' }),
    relatedPersonId: z.uuid({ message: 'Select the related person' }),
    kind: z.enum(RELATIONSHIP_KINDS, { message: 'Select how they are related' }),
    startsOn: optional(IsoDate),
    endsOn: optional(IsoDate),
    hasParentalResponsibility: z.boolean().nullable().optional(),
    prEvidenceSeen: z.boolean().optional().default(false),
    prEvidenceNote: note(2000),
    notes: note(4000),
  })
  .superRefine((input, ctx) => {
    if (input.personId === input.relatedPersonId) {
      ctx.addIssue({ code: 'custom', path: ['relatedPersonId'], message: 'A person cannot have a relationship with themselves' });
    }
    if (input.startsOn && input.endsOn && input.endsOn < input.startsOn) {
      ctx.addIssue({ code: 'custom', path: ['endsOn'], message: 'The end date must be the same as or after the start date' });
    }
    if (input.hasParentalResponsibility === true && !PARENTING_KINDS.includes(input.kind)) {
      ctx.addIssue({
        code: 'custom',
        path: ['hasParentalResponsibility'],
        message: `A ${RELATIONSHIP_LABELS[input.kind].toLowerCase()} cannot hold parental responsibility in this relationship`,
      });
    }
    if (input.prEvidenceSeen && input.hasParentalResponsibility !== true) {
      ctx.addIssue({
        code: 'custom',
        path: ['prEvidenceSeen'],
        message: 'Evidence of parental responsibility can only be seen for someone who holds it',
      });
    }
    if (input.prEvidenceSeen && !input.prEvidenceNote) {
      ctx.addIssue({
        code: 'custom',
        path: ['prEvidenceNote'],
        message: 'Say what evidence of parental responsibility was seen, like a birth certificate or a court order',
      });
    }
  });
export type RecordRelationshipInput = z.input<typeof RecordRelationshipInput>;

export const EndRelationshipInput = z.object({ endsOn: IsoDate });
export type EndRelationshipInput = z.input<typeof EndRelationshipInput>;

export const CreateHouseholdInput = z.object({
  personId: z.uuid({ message: 'Select the first person in the household' }),
  label: z.string().trim().min(1, 'Enter a name for the household, like “Kayleigh Hartwell’s home”').max(200),
  postcode,
  role: z.enum(HOUSEHOLD_ROLES, { message: 'Select how they are part of the household' }).default('resident'),
  startsOn: optional(IsoDate),
});
export type CreateHouseholdInput = z.input<typeof CreateHouseholdInput>;

export const AddHouseholdMemberInput = z
  .object({
    personId: z.uuid({ message: 'Select the person' }),
    role: z.enum(HOUSEHOLD_ROLES, { message: 'Select how they are part of the household' }),
    startsOn: optional(IsoDate),
    endsOn: optional(IsoDate),
  })
  .superRefine((input, ctx) => {
    if (input.startsOn && input.endsOn && input.endsOn < input.startsOn) {
      ctx.addIssue({ code: 'custom', path: ['endsOn'], message: 'The end date must be the same as or after the start date' });
    }
  });
export type AddHouseholdMemberInput = z.input<typeof AddHouseholdMemberInput>;

export const EndHouseholdMembershipInput = z.object({ endsOn: IsoDate });
export type EndHouseholdMembershipInput = z.input<typeof EndHouseholdMembershipInput>;

export const RecordAdultChecksInput = z
  .object({
    seenOn: optional(IsoDate),
    assessedOn: optional(IsoDate),
    note: z.string().trim().min(1, 'Say who saw or assessed them, and how').max(2000, 'Enter no more than 2000 characters'),
  })
  .superRefine((input, ctx) => {
    if (!input.seenOn && !input.assessedOn) {
      ctx.addIssue({ code: 'custom', path: ['seenOn'], message: 'Enter the date they were seen, the date they were assessed, or both' });
    }
  });
export type RecordAdultChecksInput = z.input<typeof RecordAdultChecksInput>;

/**
 * Someone as shown on another person's family page. A related person the reader cannot open is
 * still named with their age (ADR 0011) — unless their record is restricted, when only
 * "Restricted record" is shown, with no id, name or date of birth.
 */
export interface PersonRef {
  id: string | null;
  name: string;
  dateOfBirth: string | null;
  age: number | null;
  isRestricted: boolean;
  /** Whether the reader may open this person's own record. */
  canOpen: boolean;
}

export interface Relationship {
  id: string;
  personId: string;
  relatedPersonId: string;
  kind: RelationshipKind;
  startsOn: string | null;
  endsOn: string | null;
  hasParentalResponsibility: boolean | null;
  prEvidenceSeen: boolean;
  prEvidenceNote: string | null;
  seenOn: string | null;
  assessedOn: string | null;
  checksNote: string | null;
  notes: string | null;
  recordedAt: Date;
  version: number;
}

/** A relationship from one person's side: who the other person is, and what they are to this person. */
export interface RelationshipView {
  id: string;
  kind: RelationshipKind;
  /** What the other person is to this one ("Mother", or from the mother's side "Child"). */
  label: string;
  /** Whether this person is the "person" side of the row (the other is their <kind>). */
  isPersonSide: boolean;
  other: PersonRef;
  startsOn: string | null;
  endsOn: string | null;
  isCurrent: boolean;
  hasParentalResponsibility: boolean | null;
  prEvidenceSeen: boolean;
  prEvidenceNote: string | null;
  seenOn: string | null;
  assessedOn: string | null;
  notes: string | null;
}

export interface HouseholdMember {
  id: string;
  householdId: string;
  person: PersonRef;
  role: HouseholdRole;
  roleLabel: string;
  startsOn: string | null;
  endsOn: string | null;
  isCurrent: boolean;
  seenOn: string | null;
  assessedOn: string | null;
  checksNote: string | null;
}

export interface Household {
  id: string;
  label: string;
  postcode: string | null;
  createdAt: Date;
  members: HouseholdMember[];
}

/** One adult around a child, and whether anyone has seen or assessed them. */
export interface AdultAroundChild {
  person: PersonRef;
  /** What they are to the child ("Mother", "Parent’s partner"), or "Not related". */
  relationshipLabel: string;
  /** Parental responsibility for the child: true, false, null (not known), or undefined when not a parenting relationship. */
  hasParentalResponsibility: boolean | null | undefined;
  prEvidenceSeen: boolean;
  /** How they are part of the child's household(s), e.g. "Lives here (Kayleigh Hartwell’s home)"; empty when they live elsewhere. */
  householdRoles: { householdId: string; householdLabel: string; role: HouseholdRole; roleLabel: string; memberId: string }[];
  lastSeenOn: string | null;
  assessedOn: string | null;
  notSeen: boolean;
  notAssessed: boolean;
  /** Where a seen or assessed date can be recorded for them: their household membership, else their relationship. */
  checksTarget: { kind: 'household_member' | 'relationship'; id: string };
}

export interface Involvement {
  id: string;
  kind: string;
  kindLabel: string;
  agencyId: string | null;
  agencyName: string | null;
  teamId: string | null;
  teamName: string | null;
  userId: string | null;
  workerName: string | null;
  startsAt: Date;
  endsAt: Date | null;
  isCurrent: boolean;
}
