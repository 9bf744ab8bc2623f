import type { NameForm, PreparedDob, PreparedRecord } from '../engine/record.ts';

/**
 * Shares the parts of prepared records that repeat across a file. A million children have perhaps
 * fifty thousand distinct given names, and a few thousand birthdays a year; each record would
 * otherwise carry its own copy of every name's normal form, words and sound codes. Prepared records
 * are never changed after preparation, so equal parts can be one object. Roughly halves the memory of
 * a large file (see docs/cli.md).
 */
type Postcodes = PreparedRecord['postcodes'];

/** Enough for every name and birthday in a large file; beyond it a value is simply not shared. */
const MAX_ENTRIES = 500_000;

class BoundedCache<T> {
  private readonly entries = new Map<string, T>();

  get(key: string, value: T): T {
    const found = this.entries.get(key);
    if (found !== undefined) {
      return found;
    }
    if (this.entries.size < MAX_ENTRIES) {
      this.entries.set(key, value);
    }
    return value;
  }
}

const NO_IDENTIFIERS: ReadonlyMap<string, string> = new Map();

/** One name recorded once (no aliases): the case every CSV row is in. */
function singleName(forms: readonly NameForm[]): NameForm | undefined {
  const [form] = forms;
  return forms.length === 1 && form !== undefined && !form.other ? form : undefined;
}

export function createRecordInterner(): (record: PreparedRecord) => PreparedRecord {
  const forenames = new BoundedCache<readonly NameForm[]>();
  const surnames = new BoundedCache<readonly NameForm[]>();
  const postcodes = new BoundedCache<Postcodes>();
  const dates = new BoundedCache<PreparedDob>();
  return (record) => {
    const forename = singleName(record.forenames);
    const surname = singleName(record.surnames);
    const [postcode] = record.postcodes;
    const shared: PreparedRecord = {
      ...record,
      // The name form is worked out from the trimmed value alone, which is its display text.
      forenames: forename ? forenames.get(forename.display, record.forenames) : record.forenames,
      surnames: surname ? surnames.get(surname.display, record.surnames) : record.surnames,
      postcodes:
        record.postcodes.length === 1 && postcode && !postcode.other ? postcodes.get(postcode.full, record.postcodes) : record.postcodes,
      identifiers: record.identifiers.size === 0 ? NO_IDENTIFIERS : record.identifiers,
    };
    if (record.dob) {
      shared.dob = dates.get(record.dob.text, record.dob);
    }
    return shared;
  };
}
