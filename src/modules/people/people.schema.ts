import { z } from 'zod';

const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'Enter a date in the format YYYY-MM-DD')
  .refine((value) => !Number.isNaN(Date.parse(`${value}T00:00:00Z`)) && new Date(`${value}T00:00:00Z`).toISOString().startsWith(value), {
    message: 'Enter a real date',
  });

export const CreatePersonInput = z.object({
  givenName: z.string().trim().min(1, 'Enter the given name').max(200),
  familyName: z.string().trim().min(1, 'Enter the family name').max(200),
  dateOfBirth: isoDate.optional(),
});
export type CreatePersonInput = z.input<typeof CreatePersonInput>;

export const UpdatePersonInput = CreatePersonInput.partial().refine((input) => Object.keys(input).length > 0, {
  message: 'Change at least one field',
});
export type UpdatePersonInput = z.input<typeof UpdatePersonInput>;

export const RestrictPersonInput = z.object({
  reason: z.string().trim().min(10, 'Explain in at least 10 characters why this record is restricted').max(2000),
});

export interface Person {
  id: string;
  givenName: string;
  familyName: string;
  dateOfBirth: string | null;
  isRestricted: boolean;
  version: number;
  createdAt: Date;
  updatedAt: Date;
}

export interface AccessLogEntry {
  seq: number;
  occurredAt: Date;
  actorLabel: string;
  action: string;
  outcome: string;
  purpose: string | null;
}
