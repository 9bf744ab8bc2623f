import { z } from 'zod';
import { ROLES } from '../../platform/access/actor.ts';

export const AGENCY_KINDS = [
  'police',
  'integrated_care_board',
  'children_social_care',
  'adult_social_care',
  'health_trust',
  'gp_practice',
  'school',
  'probation',
  'housing',
  'domestic_abuse_service',
  'drug_and_alcohol_service',
  'voluntary_service',
  'partnership_business_unit',
] as const;
export type AgencyKind = (typeof AGENCY_KINDS)[number];

export const AGENCY_KIND_LABELS = {
  police: 'Police',
  integrated_care_board: 'Integrated care board',
  children_social_care: "Children's social care",
  adult_social_care: 'Adult social care',
  health_trust: 'Health trust',
  gp_practice: 'GP practice',
  school: 'School',
  probation: 'Probation',
  housing: 'Housing',
  domestic_abuse_service: 'Domestic abuse service',
  drug_and_alcohol_service: 'Drug and alcohol service',
  voluntary_service: 'Voluntary service',
  partnership_business_unit: 'Partnership business unit',
} as const satisfies Record<AgencyKind, string>;

export const CreateAgencyInput = z.object({
  partnershipId: z.uuid(),
  code: z
    .string()
    .trim()
    .regex(/^[a-z0-9-]{2,40}$/, 'Enter a code of 2 to 40 lower-case letters, numbers or hyphens'),
  name: z.string().trim().min(1, 'Enter the agency name').max(200),
  kind: z.enum(AGENCY_KINDS, { message: 'Select the kind of agency' }),
  isStatutoryPartner: z.boolean().default(false),
});
export type CreateAgencyInput = z.input<typeof CreateAgencyInput>;

export const CreateUserInput = z.object({
  email: z.email({ message: 'Enter an email address in the correct format, like name@example.org' }).trim().max(320),
  displayName: z.string().trim().min(1, 'Enter the person’s name').max(200),
  agencyId: z.uuid({ message: 'Select an agency' }),
  roles: z.array(z.enum(ROLES as [string, ...string[]], { message: 'Select a valid role' })).default([]),
  teamIds: z.array(z.uuid()).default([]),
  kind: z.enum(['person', 'service']).default('person'),
  isDemo: z.boolean().default(false),
});
export type CreateUserInput = z.input<typeof CreateUserInput>;

export interface Agency {
  id: string;
  partnershipId: string;
  code: string;
  name: string;
  kind: AgencyKind;
  isStatutoryPartner: boolean;
}

export interface Team {
  id: string;
  agencyId: string;
  name: string;
}

export interface User {
  id: string;
  email: string;
  displayName: string;
  agencyId: string;
  kind: 'person' | 'service';
  isActive: boolean;
  isDemo: boolean;
  version: number;
}
