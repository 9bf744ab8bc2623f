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

/** True when two normalised given names are in one nickname group (Bill and William). */
export function areNicknames(a: string, b: string): boolean {
  return NICKNAMES.get(a)?.has(b) ?? false;
}
