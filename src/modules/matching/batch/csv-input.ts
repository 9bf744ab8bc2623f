import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse';
import { type PreparedRecord, prepareRecord } from '../engine/record.ts';
import { BatchInputError, type MappingEntry, type ResolvedMapping, type RowIssues, resolveMapping, rowToMatchInput } from './mapping.ts';

/**
 * Reads a partner's CSV file as a stream and keeps only the prepared records: a raw row is dropped
 * as soon as it is prepared, so a million-row file never sits in memory as text.
 */
export interface ReadRecordsOptions {
  /** The option the mapping came from, for messages (`--map`, `--map-right`). */
  option?: string;
  /** Called now and then with bytes read so far and the file's size. */
  onProgress?: (bytesRead: number, totalBytes: number) => void;
}

export interface ReadRecordsResult {
  records: PreparedRecord[];
  mapping: ResolvedMapping;
  issues: RowIssues;
}

const NODE_ERROR_WORDS: Readonly<Record<string, string>> = {
  ENOENT: 'there is no such file',
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  EISDIR: 'it is a folder, not a file',
};

/** Checks a file can be read before any long work starts, so a typo fails in a second, not after an hour. */
export async function checkReadable(file: string): Promise<void> {
  try {
    const stats = await fs.promises.stat(file);
    if (stats.isDirectory()) {
      throw Object.assign(new Error('folder'), { code: 'EISDIR' });
    }
    await fs.promises.access(file, fs.constants.R_OK);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? '';
    throw new BatchInputError(`Cannot read ${file}: ${NODE_ERROR_WORDS[code] ?? (code || String(error))}.`, { usage: true });
  }
}

const PROGRESS_EVERY_ROWS = 10_000;

export async function readRecordsCsv(
  file: string,
  entries: readonly MappingEntry[],
  options: ReadRecordsOptions = {},
): Promise<ReadRecordsResult> {
  await checkReadable(file);
  const label = path.basename(file);
  const totalBytes = (await fs.promises.stat(file)).size;
  const input = fs.createReadStream(file);
  let bytesRead = 0;
  input.on('data', (chunk) => {
    bytesRead += chunk.length;
  });
  const parser = parse({ bom: true, skip_empty_lines: true, relax_quotes: false });
  input.on('error', (error) => parser.destroy(error));
  input.pipe(parser);

  const records: PreparedRecord[] = [];
  const issues: RowIssues = { unreadableDates: 0, missingIds: 0 };
  let mapping: ResolvedMapping | undefined;
  let rowNumber = 0;
  try {
    for await (const row of parser as AsyncIterable<string[]>) {
      if (mapping === undefined) {
        mapping = resolveMapping(entries, row, label, options.option);
        continue;
      }
      rowNumber += 1;
      records.push(prepareRecord(rowToMatchInput(row, mapping, rowNumber, issues)));
      if (rowNumber % PROGRESS_EVERY_ROWS === 0) {
        options.onProgress?.(bytesRead, totalBytes);
      }
    }
  } catch (error) {
    input.destroy();
    if (error instanceof BatchInputError) {
      throw error;
    }
    // csv-parse says which line and what is wrong ("Invalid Record Length: expect 9, got 8 on line 12").
    throw new BatchInputError(`${label} is not a CSV file this command can read: ${(error as Error).message}`, { usage: false });
  }
  options.onProgress?.(totalBytes, totalBytes);
  if (mapping === undefined) {
    throw new BatchInputError(`${label} is empty: it has no header row and no records.`, { usage: false });
  }
  if (records.length === 0) {
    throw new BatchInputError(`${label} has a header but no records.`, { usage: false });
  }
  return { records, mapping, issues };
}
