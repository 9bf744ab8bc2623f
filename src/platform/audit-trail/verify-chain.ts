import { sql } from 'kysely';
import type { Db } from '../database/transaction.ts';
import { type AuditEntry, auditHashMaterial, GENESIS_HASH, MAIN_CHAIN, sha256Hex } from './audit-event.ts';

export interface ChainVerification {
  ok: boolean;
  checked: number;
  /** The first entry that is wrong, and why; absent when the chain is intact. */
  firstBad?: { seq: number; reason: string };
}

export function toAuditEntry(row: {
  seq: number;
  occurred_at: Date;
  actor_user_id: string | null;
  actor_label: string;
  action: string;
  outcome: AuditEntry['outcome'];
  subject_type: string | null;
  subject_id: string | null;
  purpose: string | null;
  request_id: string | null;
  details: string;
  prev_hash: string;
  hash: string;
}): AuditEntry {
  return {
    seq: row.seq,
    occurredAt: row.occurred_at,
    actorUserId: row.actor_user_id,
    actorLabel: row.actor_label,
    action: row.action,
    outcome: row.outcome,
    subjectType: row.subject_type,
    subjectId: row.subject_id,
    purpose: row.purpose,
    requestId: row.request_id,
    details: row.details,
    prevHash: row.prev_hash,
    hash: row.hash,
  };
}

/** One row as the verifier needs it: its position, its links, and the exact text its hash covers. */
interface ChainRow {
  seq: number;
  prevHash: string | null;
  hash: string | null;
  material: string;
}

/**
 * A page of the chain: either one text line per row (fast), or rows read one by one. `lines` is
 * decoded lazily, row by row, so hashing can pause for the next page's query.
 */
type Page = { lines: string[]; rows?: undefined; lastSeq: number } | { rows: ChainRow[]; lines?: undefined; lastSeq: number };

// Measured on both backends: about 5,000 rows a page reads fastest (smaller pages pay per query, larger copy more).
const PAGE_SIZE = 5_000;
// Hashing yields to the event loop this often, so the next page's query is sent and its answer read meanwhile.
const YIELD_EVERY = 1_000;
const FIELD = '\t';
const ROW = '\n';
const PRESENT = '=';
const ABSENT = '!';
// Every column but seq goes as '=' + text, or '!' for NULL, so an empty string and NULL stay distinct.
const MARKED_COLUMNS = [
  `to_char(occurred_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`,
  'actor_user_id::text',
  'actor_label',
  'action',
  'outcome',
  'subject_type',
  'subject_id',
  'purpose',
  'request_id',
  'details',
  'prev_hash',
  'hash',
];
const PAGE_ROW = sql.raw(
  `concat_ws(E'\\t', seq, ${MARKED_COLUMNS.map((column) => `coalesce('${PRESENT}' || ${column}, '${ABSENT}')`).join(', ')})`,
);
const FIELDS_PER_ROW = MARKED_COLUMNS.length + 1;

/**
 * Reads a page as one text value. Turning thousands of rows into objects costs more than hashing them
 * (on the embedded database about five times more), so the database joins each page with tabs and
 * newlines instead. That is unambiguous only while no value holds either character, so a page whose
 * line count differs from its row count is read again row by row, and so is the rest of a page from a
 * line whose field count is wrong (a purpose typed with a tab, or tampering).
 */
async function readPage(db: Db, fromSeq: number): Promise<Page | undefined> {
  const { rows } = await sql<{ n: number; page: string | null }>`
    select count(*)::int as n, string_agg(${PAGE_ROW}, E'\n' order by seq) as page
    from (select * from audit_event where seq >= ${fromSeq} order by seq limit ${PAGE_SIZE}) as chunk`.execute(db);
  const count = Number(rows[0]?.n ?? 0);
  if (count === 0) {
    return undefined;
  }
  const lines = rows[0]?.page?.split(ROW) ?? [];
  const last = lines.at(-1);
  if (lines.length !== count || last === undefined) {
    return readRowByRow(db, fromSeq);
  }
  // The first field is seq, a bigint: it can hold no tab, so it is safe to read before the rest is checked.
  return { lines, lastSeq: Number(last.slice(0, last.indexOf(FIELD))) };
}

async function readRowByRow(db: Db, fromSeq: number, toSeq?: number): Promise<Page | undefined> {
  let query = db.selectFrom('audit_event').selectAll().where('seq', '>=', fromSeq);
  if (toSeq !== undefined) {
    query = query.where('seq', '<=', toSeq);
  }
  const found = await query.orderBy('seq').limit(PAGE_SIZE).execute();
  const rows = found.map((row): ChainRow => {
    const entry = toAuditEntry(row);
    const occurredAt =
      entry.occurredAt instanceof Date && !Number.isNaN(entry.occurredAt.getTime()) ? entry.occurredAt.toISOString() : null;
    return { seq: entry.seq, prevHash: entry.prevHash, hash: entry.hash, material: auditHashMaterial(entry, occurredAt) };
  });
  const last = rows.at(-1);
  return last ? { rows, lastSeq: last.seq } : undefined;
}

function unmark(field: string | undefined): string | null | undefined {
  if (field === ABSENT) {
    return null;
  }
  return field?.startsWith(PRESENT) ? field.slice(1) : undefined;
}

/** One line of a text page, or undefined when it does not split into exactly the expected fields. */
function decodeLine(line: string): ChainRow | undefined {
  const fields = line.split(FIELD);
  if (fields.length !== FIELDS_PER_ROW) {
    return undefined;
  }
  const seq = Number(fields[0]);
  const values = fields.slice(1).map(unmark);
  if (!Number.isSafeInteger(seq) || values.includes(undefined)) {
    return undefined;
  }
  const [occurredAt, actorUserId, actorLabel, action, outcome, subjectType, subjectId, purpose, requestId, details, prevHash, hash] =
    values as (string | null)[];
  return {
    seq,
    prevHash: prevHash ?? null,
    hash: hash ?? null,
    material: auditHashMaterial(
      {
        seq,
        actorUserId: actorUserId ?? null,
        // A NULL here can only come from tampering; it is hashed as null and so cannot match.
        actorLabel: actorLabel as string,
        action: action as string,
        outcome: outcome as AuditEntry['outcome'],
        subjectType: subjectType ?? null,
        subjectId: subjectId ?? null,
        purpose: purpose ?? null,
        requestId: requestId ?? null,
        details: details as string,
        prevHash: prevHash as string,
      },
      occurredAt ?? null,
    ),
  };
}

/**
 * Walks the whole chain in sequence order and recomputes every hash. It catches an edited column
 * (hash mismatch), a removed row (sequence gap), an inserted or reordered row (link mismatch) and a
 * truncated tail (the head no longer matches the last entry). The next page is read while this one
 * is hashed, so on a server database the two overlap.
 */
export async function verifyAuditChain(db: Db): Promise<ChainVerification> {
  let expectedSeq = 1;
  let prevHash = GENESIS_HASH;
  let checked = 0;
  let next: Promise<Page | undefined> | undefined = readPage(db, expectedSeq);
  try {
    while (next) {
      let page: Page | undefined = await next;
      next = page ? readPage(db, page.lastSeq + 1) : undefined;
      for (let index = 0; page && index < (page.rows ?? page.lines).length; index += 1) {
        if (index > 0 && index % YIELD_EVERY === 0) {
          await new Promise((resolve) => setImmediate(resolve));
        }
        let row = page.rows ? page.rows[index] : decodeLine(page.lines[index] as string);
        if (!row) {
          page = await readRowByRow(db, expectedSeq, page.lastSeq);
          index = 0;
          row = page?.rows?.[0];
          if (!row) {
            break;
          }
        }
        if (row.seq !== expectedSeq) {
          return {
            ok: false,
            checked,
            firstBad: { seq: expectedSeq, reason: `entry ${expectedSeq} is missing (the next entry found is ${row.seq})` },
          };
        }
        if (row.prevHash !== prevHash) {
          return {
            ok: false,
            checked,
            firstBad: { seq: row.seq, reason: 'it does not link to the entry before it (inserted, removed or reordered)' },
          };
        }
        if (row.hash === null || sha256Hex(row.material) !== row.hash) {
          return { ok: false, checked, firstBad: { seq: row.seq, reason: 'its contents do not match its hash (altered)' } };
        }
        prevHash = row.hash;
        expectedSeq += 1;
        checked += 1;
      }
    }
  } finally {
    // A read still running when a bad entry ends the walk must finish before the caller's transaction moves on.
    await next?.catch(() => undefined);
  }
  const head = await db.selectFrom('audit_chain_head').select(['seq', 'hash']).where('chain', '=', MAIN_CHAIN).executeTakeFirst();
  if (!head || head.seq !== checked || head.hash !== prevHash) {
    return {
      ok: false,
      checked,
      firstBad: {
        seq: checked + 1,
        reason: `the chain head records ${head?.seq ?? 0} entries but ${checked} were found (entries removed from the end)`,
      },
    };
  }
  return { ok: true, checked };
}

/** Audit entries about one subject, newest first: the raw material of a record's access log. */
export async function listAuditEntriesForSubject(db: Db, subjectType: string, subjectId: string, limit = 200): Promise<AuditEntry[]> {
  const rows = await db
    .selectFrom('audit_event')
    .selectAll()
    .where('subject_type', '=', subjectType)
    .where('subject_id', '=', subjectId)
    .orderBy('seq', 'desc')
    .limit(limit)
    .execute();
  return rows.map(toAuditEntry);
}
