import type { z } from 'zod';
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
