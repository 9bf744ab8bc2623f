import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { stringify } from 'csv-stringify/sync';
import { BatchInputError } from './mapping.ts';

/**
 * Output files are written whole or not at all: into a temporary file beside the target (same
 * folder, so the rename cannot cross file systems), renamed over it at the end, and removed on any
 * failure. A half-written clusters file would look like a finished one to the next program.
 */

/** Checks the output can be written before any long work starts. */
export async function checkWritable(file: string, option: string): Promise<void> {
  const folder = path.dirname(path.resolve(file));
  try {
    const stats = await fs.promises.stat(file).catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') {
        return undefined;
      }
      throw error;
    });
    if (stats?.isDirectory()) {
      throw new BatchInputError(`${option} ${file} is a folder; name a file.`, { usage: true });
    }
    await fs.promises.access(folder, fs.constants.W_OK);
  } catch (error) {
    if (error instanceof BatchInputError) {
      throw error;
    }
    const code = (error as NodeJS.ErrnoException).code;
    const reason = code === 'ENOENT' ? 'the folder does not exist' : code === 'EACCES' || code === 'EPERM' ? 'permission denied' : code;
    throw new BatchInputError(`Cannot write ${option} ${file}: ${reason ?? String(error)}.`, { usage: true });
  }
}

function temporaryPath(file: string): string {
  const resolved = path.resolve(file);
  return path.join(path.dirname(resolved), `.${path.basename(resolved)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
}

/** Writes text chunks to a temporary file and renames it to `file`; on failure the temporary file is removed. */
export async function writeAtomically(file: string, chunks: Iterable<string> | AsyncIterable<string>): Promise<void> {
  const temporary = temporaryPath(file);
  try {
    await pipeline(Readable.from(chunks, { objectMode: false }), fs.createWriteStream(temporary, { flags: 'wx' }));
    await fs.promises.rename(temporary, file);
  } catch (error) {
    await fs.promises.rm(temporary, { force: true });
    throw error;
  }
}

const ROWS_PER_CHUNK = 5000;

/** CSV text in chunks of a few thousand rows, the header first: fast to format, bounded in memory. */
export function* csvChunks(header: readonly string[], rows: Iterable<readonly (string | number)[]>): Generator<string> {
  yield stringify([header]);
  let batch: (readonly (string | number)[])[] = [];
  for (const row of rows) {
    batch.push(row);
    if (batch.length === ROWS_PER_CHUNK) {
      yield stringify(batch);
      batch = [];
    }
  }
  if (batch.length > 0) {
    yield stringify(batch);
  }
}

/** A CSV file, written whole or not at all. */
export function writeCsvAtomically(file: string, header: readonly string[], rows: Iterable<readonly (string | number)[]>): Promise<void> {
  return writeAtomically(file, csvChunks(header, rows));
}
