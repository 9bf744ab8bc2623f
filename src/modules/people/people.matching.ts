/**
 * The language side of finding a person: nicknames, how a typed name is read, and the reason a
 * record matched, in words a practitioner can check. The SQL side is in people.repository.ts.
 */

import { nicknamesOf } from '../matching/index.ts';

export { nicknamesOf };

/** Lower case, letters, apostrophes and hyphens only, single spaces: how names are compared. */
export function normaliseNamePart(value: string): string {
  return value
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[’‘`]/g, "'")
    .replace(/[^a-z' -]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

export interface NameQuery {
  /** The typed given name (first word), if two or more words were typed. */
  given?: string;
  /** The typed family name (last word, or what came before a comma). */
  family?: string;
  /** A single word: could be either. */
  single?: string;
}

/**
 * Reads a typed name: 'Jon Hartwel' → given jon, family hartwel; 'Hartwell, Jon' → the same;
 * 'Hartwell' → a single word matched against given and family names alike.
 */
export function parseNameQuery(text: string): NameQuery | undefined {
  const comma = text.indexOf(',');
  if (comma >= 0) {
    const family = normaliseNamePart(text.slice(0, comma));
    const given = normaliseNamePart(text.slice(comma + 1)).split(' ')[0] ?? '';
    if (family && given) {
      return { given, family };
    }
    return family || given ? { single: family || given } : undefined;
  }
  const words = normaliseNamePart(text).split(' ').filter(Boolean);
  if (words.length === 0) {
    return undefined;
  }
  if (words.length === 1) {
    return { single: words[0] as string };
  }
  return { given: words[0] as string, family: words[words.length - 1] as string };
}

/** How one part of a name matched, best first. */
export type NameMatchHow = 'exact' | 'nickname' | 'sounds' | 'spelling' | 'starts';

export interface NameMatch {
  how: NameMatchHow;
  /** Kind of the name row it matched: legal, alias, previous, preferred, nickname. */
  nameKind: string;
  /** The recorded name it matched. */
  value: string;
  /** The word typed. */
  typed: string;
}

const NAME_KIND_WORDS: Record<string, string> = {
  legal: '',
  alias: 'alias ',
  previous: 'previous ',
  preferred: 'preferred ',
  nickname: 'nickname ',
};

function capitalised(value: string): string {
  return value.replace(/(^|[\s'-])([a-z])/g, (_match, before: string, letter: string) => `${before}${letter.toUpperCase()}`);
}

/** One line saying why a part of the name matched: 'previous family name Smith', 'Bill is a nickname of William'. */
export function describeNameMatch(part: 'given' | 'family', match: NameMatch): string {
  const label = `${NAME_KIND_WORDS[match.nameKind] ?? `${match.nameKind} `}${part === 'given' ? 'given name' : 'family name'}`;
  const typed = capitalised(match.typed);
  switch (match.how) {
    case 'exact':
      return `${label} ${match.value}`;
    case 'nickname':
      return `“${typed}” is a nickname of ${match.value} (${label})`;
    case 'sounds':
      return `${label} ${match.value} sounds like “${typed}”`;
    case 'spelling':
      return `${label} ${match.value} is spelt like “${typed}”`;
    case 'starts':
      return `${label} ${match.value} starts with “${typed}”`;
  }
}

/** Points each way of matching earns; a full match of everything asked for scores 100. */
export const MATCH_POINTS = {
  name: { exact: 35, nickname: 30, sounds: 28, spelling: 24, starts: 18 } satisfies Record<NameMatchHow, number>,
  /** A previous name, alias or nickname row counts a little less than the current legal name. */
  otherNameFactor: 0.9,
  dateOfBirth: 20,
  estimatedDateOfBirth: 10,
  identifier: 40,
  postcode: 10,
} as const;
