/**
 * Dates of birth as partners' files hold them: ISO (2019-03-14), UK day first (14/03/2019,
 * 14-03-2019, 14.03.2019, 14/3/19), compact (20190314) and ISO with a time. Two-digit years are
 * read as the most recent such year not in the future. A date that does not exist is no date.
 */
const PATTERNS: readonly { pattern: RegExp; order: 'ymd' | 'dmy' }[] = [
  { pattern: /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ].*)?$/, order: 'ymd' },
  { pattern: /^(\d{4})\/(\d{1,2})\/(\d{1,2})$/, order: 'ymd' },
  { pattern: /^(\d{4})(\d{2})(\d{2})$/, order: 'ymd' },
  { pattern: /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})(?:\s.*)?$/, order: 'dmy' },
  { pattern: /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{2})$/, order: 'dmy' },
];

export function parseFlexibleDate(value: string | null | undefined, today: Date = new Date()): string | undefined {
  const text = value?.trim();
  if (!text) {
    return undefined;
  }
  for (const { pattern, order } of PATTERNS) {
    const match = pattern.exec(text);
    if (!match) {
      continue;
    }
    const [first, second, third] = [Number(match[1]), Number(match[2]), Number(match[3])];
    let [year, month, day] = order === 'ymd' ? [first, second, third] : [third, second, first];
    if (year < 100) {
      const century = Math.floor(today.getUTCFullYear() / 100) * 100;
      year = century + year > today.getUTCFullYear() ? century - 100 + year : century + year;
    }
    const date = new Date(Date.UTC(year, month - 1, day));
    if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) {
      return undefined;
    }
    return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
  }
  return undefined;
}
