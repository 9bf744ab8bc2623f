/**
 * The language side of finding a person: nicknames, how a typed name is read, and the reason a
 * record matched, in words a practitioner can check. The SQL side is in people.repository.ts.
 */

/**
 * Given names that are the same person's name in everyday use. Curated, small and symmetric: a
 * search for any name in a group finds records with any other. A name may sit in several groups
 * (Alex, Sam, Jo), and then it reaches all of them.
 */
export const NICKNAME_GROUPS: readonly (readonly string[])[] = [
  ['william', 'bill', 'billy', 'will', 'willy', 'liam'],
  ['elizabeth', 'liz', 'lizzie', 'lizzy', 'beth', 'betty', 'bet', 'eliza', 'libby', 'bess', 'elsie'],
  ['james', 'jim', 'jimmy', 'jamie'],
  ['katherine', 'catherine', 'kathryn', 'kate', 'katie', 'kathy', 'cath', 'kath', 'kat', 'kitty'],
  ['john', 'jack', 'johnny', 'jon', 'jonny'],
  ['mohammed', 'muhammad', 'mohammad', 'mohamed', 'muhammed', 'mohamad', 'mo'],
  ['alexandra', 'alex', 'sasha', 'sandra', 'lexi', 'ali'],
  ['alexander', 'alex', 'sandy', 'xander', 'sasha'],
  ['robert', 'rob', 'robbie', 'bob', 'bobby', 'bert'],
  ['richard', 'rich', 'richie', 'rick', 'ricky', 'dick'],
  ['margaret', 'maggie', 'meg', 'peggy', 'marge', 'maisie'],
  ['thomas', 'tom', 'tommy'],
  ['joseph', 'joe', 'joey', 'joss'],
  ['michael', 'mike', 'mikey', 'mick', 'mickey'],
  ['christopher', 'chris', 'kit'],
  ['christine', 'christina', 'chris', 'chrissy', 'tina'],
  ['daniel', 'dan', 'danny'],
  ['danielle', 'dani'],
  ['matthew', 'matt', 'matty'],
  ['anthony', 'tony', 'ant'],
  ['edward', 'ed', 'eddie', 'ted', 'teddy', 'ned'],
  ['charles', 'charlie', 'chas', 'chuck'],
  ['charlotte', 'charlie', 'lottie', 'lotte'],
  ['henry', 'harry', 'hal', 'hank'],
  ['harold', 'harry', 'hal'],
  ['nicholas', 'nick', 'nicky', 'nico'],
  ['nicola', 'nicole', 'nicky', 'nikki'],
  ['samuel', 'sam', 'sammy'],
  ['samantha', 'sam', 'sammie', 'sammy'],
  ['benjamin', 'ben', 'benny', 'benji'],
  ['jonathan', 'jon', 'jonny', 'nathan'],
  ['nathaniel', 'nathan', 'nat', 'nate'],
  ['andrew', 'andy', 'drew'],
  ['stephen', 'steven', 'steve', 'stevie'],
  ['peter', 'pete'],
  ['david', 'dave', 'davey', 'davie'],
  ['patricia', 'pat', 'patty', 'trish', 'tricia'],
  ['patrick', 'pat', 'paddy'],
  ['jennifer', 'jen', 'jenny'],
  ['rebecca', 'becky', 'becca', 'bex'],
  ['victoria', 'vicky', 'vicki', 'tori'],
  ['susan', 'sue', 'suzy', 'susie'],
  ['deborah', 'debbie', 'debra', 'deb'],
  ['frances', 'fran', 'frankie'],
  ['francis', 'frank', 'frankie'],
  ['gregory', 'greg'],
  ['timothy', 'tim', 'timmy'],
  ['jacqueline', 'jackie', 'jacqui'],
  ['joanne', 'joanna', 'jo'],
  ['josephine', 'jo', 'josie'],
  ['abigail', 'abby', 'abbie', 'abi', 'gail'],
  ['amelia', 'amy', 'millie', 'mia'],
  ['emily', 'em', 'emmy', 'millie'],
  ['isabella', 'isabel', 'isobel', 'bella', 'izzy', 'issy'],
  ['olivia', 'liv', 'livvy', 'ollie'],
  ['oliver', 'olly', 'ollie'],
  ['sophia', 'sophie', 'soph'],
  ['natalie', 'nat', 'talia'],
  ['natasha', 'tasha', 'tash', 'sasha'],
  ['zachary', 'zach', 'zak', 'zack'],
  ['raymond', 'ray'],
  ['ronald', 'ron', 'ronnie'],
  ['kenneth', 'ken', 'kenny'],
  ['lawrence', 'laurence', 'larry', 'laurie'],
  ['leonard', 'len', 'lenny', 'leo'],
  ['terence', 'terry'],
  ['theodore', 'theo', 'ted', 'teddy'],
  ['frederick', 'fred', 'freddie', 'freddy'],
  ['albert', 'bert', 'albie', 'al'],
  ['archibald', 'archie'],
  ['eleanor', 'elinor', 'ellie', 'nell', 'nellie', 'nora'],
  ['ellen', 'helen', 'nell', 'ellie'],
  ['mary', 'molly', 'polly', 'mae'],
  ['sarah', 'sara', 'sally', 'sal'],
  ['caroline', 'carol', 'carrie', 'caz'],
  ['louise', 'louisa', 'lou', 'lulu'],
  ['louis', 'lewis', 'lou'],
  ['anne', 'ann', 'annie', 'nancy', 'anna'],
  ['kimberley', 'kimberly', 'kim'],
  ['gabrielle', 'gabriella', 'gabby', 'gabi'],
  ['gabriel', 'gabe'],
  ['ibrahim', 'ebrahim', 'ibby'],
  ['yusuf', 'yousef', 'yusef', 'yousuf'],
  ['aleksandra', 'ola', 'ala'],
  ['katarzyna', 'kasia', 'kasha'],
  ['malgorzata', 'gosia', 'margaret'],
  ['jayden', 'jaden', 'jaiden', 'jay'],
];

const NICKNAMES: ReadonlyMap<string, ReadonlySet<string>> = (() => {
  const map = new Map<string, Set<string>>();
  for (const group of NICKNAME_GROUPS) {
    for (const name of group) {
      const set = map.get(name) ?? new Set<string>();
      for (const other of group) {
        if (other !== name) {
          set.add(other);
        }
      }
      map.set(name, set);
    }
  }
  return map;
})();

/** Other forms of a given name ('bill' → william, will, …), lower case, without the name itself. */
export function nicknamesOf(name: string): string[] {
  return [...(NICKNAMES.get(name.toLowerCase()) ?? [])].sort();
}

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
