import { z } from 'zod';
import { AppError, ErrorCode } from './errors.ts';

/** Parses service input with a zod schema; failures become one VALIDATION error listing every field. */
export function parseInput<T extends z.ZodType>(schema: T, input: unknown): z.output<T> {
  const result = schema.safeParse(input);
  if (result.success) {
    return result.data;
  }
  const fields = result.error.issues.map((issue) => ({ field: issue.path.join('.') || '(input)', message: issue.message }));
  throw new AppError(ErrorCode.VALIDATION, 'There is a problem with the information given', fields);
}

/** A calendar date as `YYYY-MM-DD` that exists (no 30 February), the form every module stores days in. */
export const IsoDate = z
  .string()
  .trim()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'Enter a date in the format YYYY-MM-DD')
  .refine((value) => {
    const parsed = new Date(`${value}T00:00:00Z`);
    return !Number.isNaN(parsed.getTime()) && parsed.toISOString().startsWith(value);
  }, 'Enter a real date');
