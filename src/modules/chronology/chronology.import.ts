import { parse } from 'csv-parse/sync';
import type { z } from 'zod';
import { RecordEntryInput } from './chronology.schema.ts';

/** The columns a partner's file must have, in any order. `author` is optional: the worker named in the source system. */
export const IMPORT_COLUMNS = [
  'occurred_at',
  'approximate',
  'category',
  'summary',
  'nature',
  'significance',
  'sensitivity',
  'person_ids',
  'source_reference',
] as const;
const OPTIONAL_COLUMNS = ['author'] as const;

export interface ImportError {
  /** The line of the file (the header is line 1); 0 for a problem with the file as a whole. */
  line: number;
  field: string;
  message: string;
}

export interface ImportReport {
  rows: number;
  errors: ImportError[];
  imported: number;
  dryRun: boolean;
}

export interface ParsedRow {
  line: number;
  input: z.output<typeof RecordEntryInput>;
  author: string | null;
}

const YES = new Set(['yes', 'y', 'true', '1']);
const NO = new Set(['no', 'n', 'false', '0', '']);

/**
 * Reads a partner's CSV into entry inputs, collecting every problem with its line rather than
 * stopping at the first, so one dry run tells the sender everything to fix.
 */
export function parseImportCsv(text: string): { rows: ParsedRow[]; errors: ImportError[] } {
  let records: Array<{ record: string[]; info: { lines: number } }>;
  try {
    records = parse(text.replace(/^\uFEFF/, ''), {
      info: true,
      relax_column_count: true,
      skip_empty_lines: true,
      trim: true,
    }) as unknown as Array<{ record: string[]; info: { lines: number } }>;
  } catch (error) {
    const line = Number((error as { lines?: unknown }).lines ?? 0);
    return { rows: [], errors: [{ line, field: '(file)', message: `The file is not valid CSV: ${(error as Error).message}` }] };
  }
  const [header, ...body] = records;
  if (!header) {
    return { rows: [], errors: [{ line: 0, field: '(file)', message: 'The file is empty: it needs a header row and at least one entry' }] };
  }
  const columns = header.record.map((name) => name.toLowerCase());
  const missing = IMPORT_COLUMNS.filter((name) => !columns.includes(name));
  const unknown = columns.filter(
    (name) => !(IMPORT_COLUMNS as readonly string[]).includes(name) && !(OPTIONAL_COLUMNS as readonly string[]).includes(name),
  );
  const errors: ImportError[] = [];
  if (missing.length > 0) {
    errors.push({ line: 1, field: '(header)', message: `Missing column(s): ${missing.join(', ')}` });
  }
  if (unknown.length > 0) {
    errors.push({ line: 1, field: '(header)', message: `Unknown column(s): ${unknown.join(', ')}` });
  }
  if (errors.length > 0) {
    return { rows: [], errors };
  }
  if (body.length === 0) {
    return { rows: [], errors: [{ line: 0, field: '(file)', message: 'The file has a header but no entries' }] };
  }
  const rows: ParsedRow[] = [];
  const references = new Map<string, number>();
  for (const { record, info } of body) {
    const line = info.lines;
    if (record.length !== columns.length) {
      errors.push({ line, field: '(row)', message: `Expected ${columns.length} values but found ${record.length}` });
      continue;
    }
    const value = (name: string) => record[columns.indexOf(name)] ?? '';
    const approximate = value('approximate').toLowerCase();
    if (!YES.has(approximate) && !NO.has(approximate)) {
      errors.push({ line, field: 'approximate', message: 'Use yes or no' });
      continue;
    }
    const result = RecordEntryInput.safeParse({
      occurredAt: value('occurred_at'),
      occurredAtIsApproximate: YES.has(approximate),
      category: value('category'),
      summary: value('summary'),
      nature: value('nature'),
      significance: value('significance'),
      sensitivity: value('sensitivity') || undefined,
      personIds: value('person_ids')
        .split(/[;\s]+/)
        .filter((id) => id.length > 0),
      sourceReference: value('source_reference') || undefined,
    });
    if (!result.success) {
      for (const issue of result.error.issues) {
        errors.push({ line, field: columnOf(String(issue.path[0] ?? '')), message: issue.message });
      }
      continue;
    }
    const reference = result.data.sourceReference;
    if (reference) {
      const earlier = references.get(reference);
      if (earlier !== undefined) {
        errors.push({ line, field: 'source_reference', message: `${reference} appears twice in the file (first on line ${earlier})` });
        continue;
      }
      references.set(reference, line);
    }
    rows.push({ line, input: result.data, author: columns.includes('author') ? value('author') || null : null });
  }
  return { rows, errors };
}

function columnOf(field: string): string {
  const map: Record<string, string> = {
    occurredAt: 'occurred_at',
    occurredAtIsApproximate: 'approximate',
    personIds: 'person_ids',
    sourceReference: 'source_reference',
  };
  return map[field] ?? field;
}
