import { parseFlexibleDate } from '../engine/dates.ts';
import type { MatchInput } from '../engine/record.ts';

/**
 * The column mapping of the batch commands: which CSV column holds which standard field.
 * `--map forename=given_name,surname=surname,dob=date_of_birth,identifier:upn=pupil_number,address=line1+line2+town`
 */
export const STANDARD_FIELDS = ['id', 'forename', 'surname', 'dob', 'sex', 'postcode', 'address', 'nhs_number'] as const;
export type StandardField = (typeof STANDARD_FIELDS)[number];

/** A field is a standard one or `identifier:NAME`. */
export type MappedField = StandardField | `identifier:${string}`;

/**
 * A mistake in what the user asked for or gave (a mapping, a file), as opposed to a fault: the
 * message is written for the person running the command. `usage` says whether the command line
 * itself was wrong (the CLI exits 2) or the file was (exit 1).
 */
export class BatchInputError extends Error {
  readonly usage: boolean;

  constructor(message: string, options: { usage: boolean }) {
    super(message);
    this.name = 'BatchInputError';
    this.usage = options.usage;
  }
}

export interface MappingEntry {
  field: MappedField;
  /** One column, or several joined (address only). */
  columns: readonly string[];
}

/** Fields that identify someone: a file needs at least one of them for matching to mean anything. */
const IDENTIFYING: readonly StandardField[] = ['forename', 'surname', 'dob', 'nhs_number'];

const IDENTIFIER_NAME = /^[a-z][a-z0-9_]*$/;

function isStandardField(value: string): value is StandardField {
  return (STANDARD_FIELDS as readonly string[]).includes(value);
}

/** Parses `--map`; an empty or absent value is an empty mapping (every field found by its column name). */
export function parseMapping(text: string | undefined, option = '--map'): MappingEntry[] {
  if (text === undefined || text.trim() === '') {
    return [];
  }
  const entries: MappingEntry[] = [];
  for (const part of text.split(',')) {
    const item = part.trim();
    const equals = item.indexOf('=');
    if (item === '' || equals <= 0 || equals === item.length - 1) {
      throw new BatchInputError(
        `${option} must be a list of FIELD=COLUMN separated by commas (e.g. forename=given_name,dob=date_of_birth); "${item}" is not.`,
        { usage: true },
      );
    }
    const rawField = item.slice(0, equals).trim().toLowerCase();
    const columns = item
      .slice(equals + 1)
      .split('+')
      .map((column) => column.trim());
    if (columns.some((column) => column === '')) {
      throw new BatchInputError(`${option}: "${item}" names an empty column.`, { usage: true });
    }
    let field: MappedField;
    if (rawField.startsWith('identifier:')) {
      const name = rawField.slice('identifier:'.length);
      if (!IDENTIFIER_NAME.test(name)) {
        throw new BatchInputError(
          `${option}: "${rawField}" is not a valid identifier field; write identifier:NAME with NAME in letters, digits and _ (e.g. identifier:upn).`,
          { usage: true },
        );
      }
      field = `identifier:${name}`;
    } else if (isStandardField(rawField)) {
      field = rawField;
    } else {
      throw new BatchInputError(
        `${option}: "${rawField}" is not a field the matcher knows; use ${STANDARD_FIELDS.join(', ')} or identifier:NAME.`,
        { usage: true },
      );
    }
    if (columns.length > 1 && field !== 'address') {
      throw new BatchInputError(`${option}: only address may join several columns with +; "${item}" joins them for ${field}.`, {
        usage: true,
      });
    }
    if (entries.some((entry) => entry.field === field)) {
      throw new BatchInputError(`${option} maps ${field} twice.`, { usage: true });
    }
    entries.push({ field, columns });
  }
  return entries;
}

/** A mapping checked against a file's header: column positions, ready to turn rows into records. */
export interface ResolvedMapping {
  /** Field → column positions, in the order given. */
  fields: ReadonlyMap<MappedField, readonly number[]>;
  /** For the summary: which column(s) each field was read from. */
  describe(): string;
}

/**
 * Finds each mapped column in the header and adds standard fields the mapping leaves out whose name
 * is itself a column (so a file headed `id,forename,surname,dob` needs no mapping). Column names
 * match exactly, or else ignoring case when that is unambiguous.
 */
export function resolveMapping(
  entries: readonly MappingEntry[],
  header: readonly string[],
  fileLabel: string,
  option = '--map',
): ResolvedMapping {
  const names = header.map((name) => name.trim());
  const positionOf = (column: string): number | undefined => {
    const exact = names.indexOf(column);
    if (exact >= 0) {
      return exact;
    }
    const lower = column.toLowerCase();
    const loose = names.flatMap((name, index) => (name.toLowerCase() === lower ? [index] : []));
    return loose.length === 1 ? loose[0] : undefined;
  };
  const fields = new Map<MappedField, number[]>();
  for (const entry of entries) {
    const positions: number[] = [];
    for (const column of entry.columns) {
      const position = positionOf(column);
      if (position === undefined) {
        throw new BatchInputError(
          `${option} names column '${column}', which is not in ${fileLabel}; its columns are: ${names.join(', ')}`,
          { usage: true },
        );
      }
      positions.push(position);
    }
    fields.set(entry.field, positions);
  }
  for (const field of STANDARD_FIELDS) {
    if (!fields.has(field)) {
      const position = positionOf(field);
      if (position !== undefined) {
        fields.set(field, [position]);
      }
    }
  }
  const usable = [...fields.keys()].some((field) => field.startsWith('identifier:') || IDENTIFYING.includes(field as StandardField));
  if (!usable) {
    throw new BatchInputError(
      `${fileLabel} has no usable fields: map at least one of forename, surname, dob, nhs_number or identifier:NAME to a column (${option} FIELD=COLUMN); its columns are: ${names.join(', ')}`,
      { usage: false },
    );
  }
  return {
    fields,
    describe: () =>
      [...fields]
        .map(([field, positions]) => `${field}=${positions.map((position) => names[position] ?? `column ${position + 1}`).join('+')}`)
        .join(', '),
  };
}

/** Counts of values that were present but could not be used, for the summary's warnings. */
export interface RowIssues {
  unreadableDates: number;
  missingIds: number;
}

/**
 * One CSV row as the matcher's input. `rowNumber` is the 1-based data row (the header not counted),
 * used as the id when no id column is mapped or the cell is empty.
 */
export function rowToMatchInput(row: readonly string[], mapping: ResolvedMapping, rowNumber: number, issues: RowIssues): MatchInput {
  const input: MatchInput = { id: String(rowNumber) };
  let identifiers: Record<string, string> | undefined;
  for (const [field, positions] of mapping.fields) {
    const value = positions.length === 1 ? (row[positions[0] as number] ?? '').trim() : joinCells(row, positions);
    switch (field) {
      case 'id':
        if (value === '') {
          issues.missingIds += 1;
        } else {
          input.id = value;
        }
        break;
      case 'forename':
        input.forename = value;
        break;
      case 'surname':
        input.surname = value;
        break;
      case 'dob': {
        const dob = parseFlexibleDate(value);
        if (dob) {
          input.dob = dob;
        } else if (value !== '') {
          issues.unreadableDates += 1;
        }
        break;
      }
      case 'sex':
        input.sex = value;
        break;
      case 'postcode':
        input.postcode = value;
        break;
      case 'address':
        input.address = value;
        break;
      case 'nhs_number':
        input.nhsNumber = value;
        break;
      default:
        if (value !== '') {
          identifiers ??= {};
          identifiers[field.slice('identifier:'.length)] = value;
        }
    }
  }
  if (identifiers) {
    input.identifiers = identifiers;
  }
  return input;
}

function joinCells(row: readonly string[], positions: readonly number[]): string {
  return positions
    .map((position) => (row[position] ?? '').trim())
    .filter((cell) => cell !== '')
    .join(', ');
}
