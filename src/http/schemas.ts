import { z } from 'zod';

/** Shared wire shapes for route declarations (the OpenAPI document is generated from these). */
export const Problem = z.object({
  type: z.string(),
  title: z.string(),
  status: z.number().int(),
  code: z.string(),
  detail: z.string(),
  errors: z.array(z.object({ field: z.string(), message: z.string() })).optional(),
  requestId: z.string().optional(),
});

export const IdParams = z.object({ id: z.uuid({ message: 'Enter a valid id' }) });

export const problemResponses = {
  400: Problem,
  401: Problem,
  403: Problem,
  404: Problem,
  409: Problem,
  412: Problem,
  422: Problem,
  428: Problem,
} as const;

/** `W/"3"` or `"3"` → 3; anything else → undefined (treated as absent). */
export function parseIfMatch(header: string | undefined): number | undefined {
  const match = header?.match(/^(?:W\/)?"(\d+)"$/);
  return match ? Number(match[1]) : undefined;
}

export function etagFor(version: number): string {
  return `W/"${version}"`;
}
