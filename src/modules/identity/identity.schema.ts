import { z } from 'zod';

export const SignInInput = z.object({
  email: z.string().trim().min(1, 'Enter your email address').max(320),
  password: z.string().min(1, 'Enter your password').max(1024),
});
export type SignInInput = z.input<typeof SignInInput>;

export const CreateApiTokenInput = z.object({
  userId: z.uuid(),
  label: z.string().trim().min(1, 'Enter a label for the token').max(200),
  expiresInDays: z.number().int().min(1, 'A token must last at least 1 day').max(365, 'A token can last at most 365 days').default(90),
});
export type CreateApiTokenInput = z.input<typeof CreateApiTokenInput>;

/** Passwords are long rather than complex (NCSC guidance): at least 12 characters. */
export const NewPassword = z.string().min(12, 'Enter a password of at least 12 characters').max(1024);

export interface ApiTokenSummary {
  id: string;
  userId: string;
  label: string;
  createdAt: Date;
  expiresAt: Date;
  revokedAt: Date | null;
}
