/**
 * Name data for the synthetic identity population (identities.ts). Every list is in rough order of
 * frequency, most common first, because the generator weights them by rank (Zipf-like): that is
 * what makes "Smith" and "Mohammed Khan" common and "Okonkwo" rare, as they are in English records,
 * so that the matching engine's term-frequency adjustment has something real to work on.
 *
 * The lists are plausible, not statistics: invented where it matters (streets, towns), public common
 * knowledge elsewhere (the commonest surnames and given names by birth decade).
 */

function words(text: string): readonly string[] {
  return text.split(/\s+/).filter((word) => word.length > 0);
}

/** Birth-decade buckets for English given names: a 1950s John, a 1970s Darren, a 2010s Alfie. */
export type Era = 'pre1960' | '1960s' | '1980s' | '1995s' | '2010s';

export function eraOf(birthYear: number): Era {
  if (birthYear < 1960) {
    return 'pre1960';
  }
  if (birthYear < 1980) {
    return '1960s';
  }
  if (birthYear < 1995) {
    return '1980s';
  }
  if (birthYear < 2010) {
    return '1995s';
  }
  return '2010s';
}

export const ENGLISH_FORENAMES: Readonly<Record<'male' | 'female', Readonly<Record<Era, readonly string[]>>>> = {
  male: {
    pre1960: words(`John David Michael Peter Robert Anthony Brian Alan William James Richard Kenneth Roger Keith Colin
      Christopher Barry Terence Graham Raymond Stephen Geoffrey Dennis Malcolm Ronald Derek Trevor Frank George Leslie`),
    '1960s': words(`David Paul Mark Andrew John Michael Stephen Ian Robert Richard Gary Christopher Peter Darren Simon
      Steven Martin Neil Jason Lee Wayne Kevin Anthony Craig Dean Stuart Carl Philip Matthew Shaun`),
    '1980s': words(`Christopher James David Daniel Michael Matthew Andrew Richard Paul Mark Thomas Adam Robert John Lee
      Benjamin Steven Jonathan Craig Stephen Simon Nicholas Peter Anthony Alexander Gary Ian Ryan Carl Luke Jamie Scott Ashley Liam`),
    '1995s': words(`Jack Thomas James Joshua Daniel Harry Samuel Joseph Matthew Callum Luke William Lewis Oliver Ryan
      Benjamin George Liam Jordan Adam Alexander Jake Connor Cameron Nathan Kieran Ethan Charlie Bradley Reece Tyler Kyle`),
    '2010s': words(`Oliver Jack Harry George Noah Charlie Jacob Alfie Freddie Oscar Leo Arthur Theo Thomas Archie William
      Henry Joshua James Ethan Isaac Alexander Joseph Edward Lucas Max Logan Tommy Teddy Finley Riley Harrison Dylan Jaxon
      Reggie Albie Ronnie Jude Mason`),
  },
  female: {
    pre1960: words(`Margaret Patricia Susan Christine Mary Jean Janet Linda Carol Elizabeth Barbara Pauline Sandra Jennifer
      Valerie Maureen Sheila Anne Brenda Joan Kathleen Dorothy Irene Jacqueline Gillian Elaine Doreen Eileen Marion Shirley`),
    '1960s': words(`Sarah Claire Nicola Karen Julie Susan Tracey Amanda Helen Lisa Michelle Alison Joanne Elizabeth Deborah
      Jacqueline Angela Samantha Louise Emma Rachel Kelly Catherine Caroline Sharon Dawn Donna Kerry Wendy Lynn`),
    '1980s': words(`Sarah Laura Gemma Emma Rebecca Claire Victoria Samantha Rachel Amy Jennifer Nicola Katie Lisa Kelly
      Natalie Louise Michelle Hayley Stacey Charlotte Jessica Lauren Danielle Stephanie Zoe Kirsty Leanne Hannah Jade`),
    '1995s': words(`Chloe Emily Megan Jessica Sophie Charlotte Hannah Lauren Rebecca Lucy Amy Georgia Katie Bethany Olivia
      Ellie Shannon Courtney Abigail Holly Jade Molly Grace Caitlin Eleanor Paige Leah Amber Jasmine Mia Ella`),
    '2010s': words(`Olivia Amelia Isla Ava Mia Ivy Lily Isabella Sophia Grace Freya Florence Willow Rosie Evie Poppy Ella
      Charlotte Daisy Sophie Emily Elsie Evelyn Harper Phoebe Sienna Ruby Millie Maisie Matilda Esme Ada Aria Luna Margot`),
  },
};

/** The commonest surnames in England and Wales, roughly in order. */
const ENGLISH_SURNAME_HEAD = words(`Smith Jones Williams Taylor Brown Davies Evans Wilson Thomas Johnson Roberts Robinson
  Thompson Wright Walker White Edwards Hughes Green Hall Lewis Harris Clarke Jackson Wood Turner Martin Cooper Hill Ward
  Morris Moore Clark Lee King Baker Harrison Morgan Allen James Scott Phillips Watson Davis Parker Price Bennett Young
  Griffiths Mitchell Kelly Cook Carter Richardson Bailey Collins Bell Shaw Murphy Miller Cox Richards Marshall Anderson
  Simpson Ellis Adams Wilkinson Foster Chapman Powell Webb Rogers Gray Mason Hunt Campbell Matthews Owen Palmer Holmes
  Mills Barnes Knight Lloyd Butler Russell Barker Fisher Stevens Jenkins Murray Dixon Harvey Graham Pearson Fletcher Walsh
  Gibson Howard Andrews Stewart Elliott Reynolds Saunders Payne Fox Ford Pearce Day Brooks West Lawrence Cole Atkinson
  Bradley Spencer Gill Dawson Ball Burton O'Brien Watts Rose Booth Perry Ryan Grant Wells Armstrong Francis Rees Hayes
  Hart Hudson Newman Barrett Webster Hunter Gregory Carr Lowe Page Marsh Riley Dunn Woods Parsons Berry Stone Reid
  Holland Hawkins Harding Porter Robertson Newton Oliver Reed Kennedy Williamson Bird Gardner Dean Lane Cooke Bates
  Henderson Parry Burgess Bishop Walton Burns Nicholson Shepherd Ross Cross Long Freeman Warren Nicholls Hamilton Byrne
  Sutton McDonald Yates Hodgson Robson Curtis Hopkins O'Connor Harper Coleman Watkins Moss McCarthy Chambers Ackroyd
  Braithwaite Sowerby Pickersgill Lumb Greenwood Sutcliffe Ormerod Haworth Butterworth Entwistle Illingworth Holroyd
  Stansfield Crabtree Fawcett Metcalfe Dobson Kershaw Whitworth Nuttall Lister Hirst Firth Mellor`);

/**
 * The long tail: English surnames are mostly rare ones. Place-name compounds (Ashworth, Bradshaw,
 * Thornton) give hundreds of plausible, mostly real, rare surnames without a list of thousands.
 */
const ENGLISH_SURNAME_STEMS = words(`Ash Brad Black Brook Cald Crans Dun Fair Gold Hal Hart Hey Kil Lang Mar Mid Pem Rad
  Rams Roth Shel Stan Thorn Wal Wes Whit Win Ather Bar Bil Bram Car Cot Dal Der Eg Far Gris Hol Hux Kirk Ley Mor Nor
  Ox Pil Rod Sel Thrus Wen`);
const ENGLISH_SURNAME_ENDINGS = words(`ton ley worth shaw field well wood by ford ham more dale combe croft hurst bridge
  thwaite stone cliffe ridge wick stead land holme den`);
export const ENGLISH_SURNAME_TAIL: readonly string[] = ENGLISH_SURNAME_STEMS.flatMap((stem) =>
  ENGLISH_SURNAME_ENDINGS.map((ending) => `${stem}${ending}`),
);

/**
 * One community's names. `headShare` of surnames are drawn by rank from `surnames`, the rest evenly
 * from `tail` (English only). `forenames` are by sex; `englishForenameShare` of children and younger
 * adults have an English given name instead (second and third generations).
 */
export interface NamePool {
  key: string;
  /** Share of the population, before mixed couples. */
  share: number;
  surnames: readonly string[];
  surnameExponent: number;
  tail?: readonly string[];
  headShare?: number;
  forenames?: Readonly<Record<'male' | 'female', readonly string[]>>;
  englishForenameShare: number;
  /** Some women keep a name of their own (Begum, Kaur) rather than the family surname. */
  femaleSurnames?: { names: readonly string[]; share: number };
  /** Likewise Singh for Sikh men and boys. */
  maleSurnames?: { names: readonly string[]; share: number };
  /** Polish surnames agree with sex (Kowalski, Kowalska). */
  gendered?: boolean;
  /** Written family name first more often (forename and surname swapped in a record). */
  nameOrderSwapFactor?: number;
  /** More households with a grandparent. */
  multigenerational?: number;
}

export const NAME_POOLS: readonly NamePool[] = [
  {
    key: 'english',
    share: 0.71,
    surnames: ENGLISH_SURNAME_HEAD,
    surnameExponent: 0.55,
    tail: ENGLISH_SURNAME_TAIL,
    // With this exponent and share Smith is about 1.7% of English surnames (1.2% in England and Wales).
    headShare: 0.4,
    englishForenameShare: 1,
  },
  {
    key: 'irish',
    share: 0.025,
    surnames: words(`Murphy Kelly O'Sullivan Walsh O'Brien Byrne Ryan O'Connor O'Neill O'Reilly Doyle McCarthy Gallagher
      Doherty Kennedy Lynch Murray Quinn Moore McLoughlin Carroll Connolly Daly Connell Fitzgerald Brennan Burke Collins
      Nolan McGrath Maguire Keane Flanagan Cassidy Devlin Donnelly`),
    surnameExponent: 0.8,
    forenames: {
      male: words(`Sean Patrick Conor Ciaran Niall Cian Oisin Liam Declan Eoin Padraig Fionn Darragh Michael Kevin Brendan
        Dermot Aidan Ronan Cillian`),
      female: words(`Siobhan Niamh Aoife Ciara Saoirse Sinead Roisin Orla Grainne Caoimhe Mary Bridget Maeve Clodagh Aisling
        Eimear Sorcha Deirdre Catriona Emer`),
    },
    englishForenameShare: 0.5,
  },
  {
    key: 'polish',
    share: 0.03,
    surnames: words(`Nowak Kowalski Wiśniewski Wójcik Kowalczyk Kamiński Lewandowski Zieliński Szymański Woźniak Dąbrowski
      Kozłowski Jankowski Mazur Kwiatkowski Krawczyk Piotrowski Grabowski Nowakowski Pawłowski Michalski Król Wieczorek
      Jabłoński Wróbel Majewski Olszewski Stępień Malinowski Jaworski`),
    // Polish surnames are spread thin: Nowak, the commonest, is under 1% in Poland.
    surnameExponent: 0.3,
    gendered: true,
    forenames: {
      male: words(`Jakub Kacper Szymon Filip Mateusz Michał Piotr Tomasz Paweł Krzysztof Marcin Łukasz Adam Bartosz Dawid
        Kamil Wojciech Andrzej Grzegorz Marek`),
      female: words(`Zuzanna Julia Maja Zofia Hanna Lena Alicja Oliwia Natalia Aleksandra Katarzyna Agnieszka Magdalena
        Joanna Anna Monika Ewa Małgorzata Karolina Martyna`),
    },
    englishForenameShare: 0.2,
  },
  {
    key: 'romanian',
    share: 0.015,
    surnames: words(`Popescu Ionescu Popa Pop Radu Dumitru Stan Stoica Gheorghe Munteanu Constantin Marin Moldovan Lungu
      Florea Ciobanu Rusu Matei Dinu Tudor`),
    surnameExponent: 0.7,
    forenames: {
      male: words(`Andrei Alexandru Ionuț Mihai Florin Gabriel Adrian Cristian Marius Ștefan David Luca Vlad Bogdan Cosmin`),
      female: words(`Maria Elena Ioana Andreea Alexandra Gabriela Mihaela Daria Bianca Ana Cristina Raluca Denisa Alina`),
    },
    englishForenameShare: 0.15,
  },
  {
    key: 'south-asian-muslim',
    share: 0.06,
    surnames: words(`Khan Hussain Ahmed Ali Akhtar Mahmood Iqbal Rashid Shah Aslam Butt Malik Mirza Qureshi Raza Rehman
      Saleem Sharif Siddiqui Yousaf Zaman Choudhury Miah Uddin Islam Rahman Hossain Ullah Anwar Arshad Bashir Farooq Hanif
      Haq Javed Latif Majid Nawaz Riaz Sadiq Tariq Younis`),
    surnameExponent: 0.8,
    femaleSurnames: { names: words('Begum Bibi Akhtar Parveen'), share: 0.2 },
    forenames: {
      male: words(`Mohammed Muhammad Ahmed Ali Hassan Hamza Ibrahim Yusuf Zain Adam Ayaan Omar Bilal Usman Imran Tariq Asif
        Kamran Faisal Shahid Zubair Haris Rayyan Abdullah Saqib Nadeem Arif Junaid Waqas Amir Idris Musa Sami Rehan`),
      female: words(`Aisha Fatima Maryam Zainab Hafsa Khadija Amina Sana Ayesha Noor Zara Hira Samina Nasreen Shazia Rukhsana
        Yasmin Iqra Mariam Safa Inaya Anaya Alisha Hania Sadia Rabia Farah Nadia Saima Bushra Humaira`),
    },
    englishForenameShare: 0.03,
    multigenerational: 0.2,
  },
  {
    key: 'indian',
    share: 0.03,
    surnames: words(`Patel Singh Sharma Kumar Mistry Shah Gill Sandhu Sidhu Dhillon Chauhan Joshi Mehta Desai Parmar Solanki
      Rana Thakkar Bhatt Lal Verma Gupta Chopra Kapoor Bains Johal Grewal Nair Pillai`),
    surnameExponent: 0.8,
    femaleSurnames: { names: words('Kaur'), share: 0.2 },
    maleSurnames: { names: words('Singh'), share: 0.1 },
    forenames: {
      male: words(`Arjun Rohan Aarav Dev Harjit Gurpreet Jaspal Rajesh Sanjay Vijay Amit Ravi Sunil Anil Ashok Krish Vihaan
        Jai Kiran Manpreet Nikhil Pranav Rahul Sandeep Vikram`),
      female: words(`Priya Anjali Simran Harpreet Jaspreet Kiran Meera Neha Pooja Ria Sunita Geeta Asha Deepa Kavita Manjit
        Navneet Nisha Anika Isha Diya Amrit Rani Shreya Tara`),
    },
    englishForenameShare: 0.1,
    multigenerational: 0.2,
  },
  {
    key: 'black-african',
    share: 0.03,
    surnames: words(`Okafor Okonkwo Adeyemi Adebayo Olawale Eze Nwosu Obi Mensah Boateng Owusu Asante Osei Appiah Agyeman
      Danso Ndlovu Moyo Banda Phiri Mwangi Otieno Kamara Conteh Sesay Bangura Okoro Afolabi Babatunde Ogunleye Adeleke`),
    surnameExponent: 0.6,
    forenames: {
      male: words(`Daniel David Samuel Emmanuel Joshua Chinedu Emeka Oluwaseun Tunde Kwame Kofi Kwabena Yaw Michael Victor
        Ayodele Ifeanyi Tendai Tatenda Joseph Isaac Godwin`),
      female: words(`Grace Esther Blessing Precious Chioma Ngozi Funmilayo Adaeze Abena Ama Akosua Deborah Favour Joy Mercy
        Tolu Folake Nneka Chiamaka Rutendo Tariro Comfort`),
    },
    englishForenameShare: 0.3,
  },
  {
    key: 'somali',
    share: 0.008,
    surnames: words(`Mohamed Ahmed Hassan Ali Abdi Farah Omar Warsame Jama Osman Aden Hussein Ibrahim Yusuf Abdullahi Nur`),
    surnameExponent: 0.9,
    forenames: {
      male: words(`Mohamed Abdi Abdirahman Ahmed Hassan Mustafa Abdullahi Said Yusuf Ibrahim Khalid Ismail Omar Liban`),
      female: words(`Hodan Amina Fadumo Ayan Hibo Nasra Sahra Ubah Khadra Halima Sagal Ifrah Fartun Hamdi`),
    },
    englishForenameShare: 0.02,
  },
  {
    key: 'black-caribbean',
    share: 0.012,
    surnames: words(`Campbell Williams Brown Thomas Francis Clarke Grant Johnson Robinson Bailey Reid Henry Lewis Morgan James
      Thompson Edwards Gordon Spencer Samuels Powell Blake Gayle Forbes McKenzie Wright Walker Baptiste Joseph Charles`),
    surnameExponent: 0.6,
    forenames: {
      male: words(`Jermaine Marcus Tyrone Delroy Leon Kemar Andre Dwayne Winston Errol Nathaniel Darnell Reuben Malachi`),
      female: words(`Shanice Keisha Tanisha Chantelle Marcia Sonia Beverley Janelle Aaliyah Monique Simone Jada Nia Tia`),
    },
    englishForenameShare: 0.55,
  },
  {
    key: 'chinese',
    share: 0.01,
    surnames: words(`Wang Li Zhang Liu Chen Yang Huang Zhao Wu Zhou Xu Sun Ma Zhu Hu Guo He Lin Luo Cheung Chan Wong Lam Leung
      Ho Ng Tang Yip`),
    surnameExponent: 0.8,
    forenames: {
      male: words(`Wei Jun Hao Ming Jie Yi Lei Tao Kai Bo Jian Cheng Long Peng`),
      female: words(`Mei Xin Yan Ying Jing Hui Lin Fang Xiao Yu Qian Ling Na Ting`),
    },
    englishForenameShare: 0.45,
    nameOrderSwapFactor: 5,
  },
  {
    key: 'middle-eastern',
    share: 0.02,
    surnames: words(`Al-Sayed Hassan Ibrahim Mahmoud Abdullah Haddad Khalil Saleh Mansour Aziz Karimi Ahmadi Rahimi
      Mohammadi Hosseini Rezaei Amiri Kurdi Rashid Nasser Hamid Al-Hassan Barzani Abbas Jaber Younes`),
    surnameExponent: 0.5,
    forenames: {
      male: words(`Mohammad Ahmad Ali Omar Youssef Karim Khalid Hassan Mahmoud Rami Sami Tariq Ziad Hamid Reza Dara Karwan
        Hussein Mustafa Amir`),
      female: words(`Fatima Layla Nour Sara Rana Huda Mariam Zahra Leila Yasmin Dina Rania Shirin Parisa Hana Lina Amal`),
    },
    englishForenameShare: 0.1,
  },
];

/** Polish surnames take the feminine form for women and girls. */
export function feminineSurname(surname: string): string {
  return surname.replace(/(ski|cki|dzki)$/, (ending) => `${ending.slice(0, -1)}a`);
}

export function masculineSurname(surname: string): string {
  return surname.replace(/(sk|ck|dzk)a$/, (ending) => `${ending.slice(0, -1)}i`);
}

/**
 * Ways one name is written in different systems (transliteration and spelling habits), used for
 * "phonetic respelling" corruption. Each group is the same name; the first is not special.
 */
export const RESPELLINGS: readonly (readonly string[])[] = [
  ['Mohammed', 'Muhammad', 'Mohammad', 'Mohamed', 'Muhammed'],
  ['Hussain', 'Hussein', 'Husain', 'Hossain'],
  ['Ahmed', 'Ahmad'],
  ['Yusuf', 'Yousef', 'Yusef', 'Yousuf'],
  ['Aisha', 'Ayesha', 'Aysha'],
  ['Fatima', 'Fatimah', 'Fatma'],
  ['Rahman', 'Rehman'],
  ['Choudhury', 'Chowdhury', 'Chaudhry'],
  ['Mariam', 'Maryam', 'Miriam'],
  ['Khadija', 'Khadijah', 'Khadeeja'],
  ['Zainab', 'Zaynab'],
  ['Mahmood', 'Mahmud', 'Mehmood'],
  ['Youssef', 'Yousef', 'Youssif'],
  ['Layla', 'Leila', 'Laila'],
  ['Catherine', 'Katherine', 'Kathryn', 'Catharine'],
  ['Stephen', 'Steven'],
  ['Philip', 'Phillip'],
  ['Matthew', 'Mathew'],
  ['Caitlin', 'Kaitlyn', 'Katelyn'],
  ['Amy', 'Aimee', 'Amie'],
  ['Katie', 'Katy', 'Katey'],
  ['Hayley', 'Haley', 'Hailey'],
  ['Zoe', 'Zoë', 'Zoey'],
  ['Sean', 'Shaun', 'Shawn'],
  ['Niamh', 'Neve', 'Nieve'],
  ['Siobhan', 'Shivaun'],
  ['Aoife', 'Eva'],
  ['Isabel', 'Isobel', 'Isabelle'],
  ['Leah', 'Lea', 'Lia'],
  ['Jayden', 'Jaden', 'Jaiden'],
  ['Thompson', 'Thomson'],
  ['McDonald', 'MacDonald'],
  ['Clarke', 'Clark'],
  ['Davies', 'Davis'],
  ['Reid', 'Reed', 'Read'],
  ['Grey', 'Gray'],
  ['Nicholls', 'Nichols'],
];

/** Spelling rules for names with no group above: what a clerk writes on hearing the name. */
export const RESPELLING_RULES: readonly (readonly [RegExp, string])[] = [
  [/ph/i, 'f'],
  [/ck/i, 'k'],
  [/ie$/i, 'y'],
  [/y$/i, 'ie'],
  [/ey$/i, 'y'],
  [/ee/i, 'ea'],
  [/ou/i, 'ow'],
  [/([bdglmnprst])\1/i, '$1'],
  [/^Mc/, 'Mac'],
  [/^Mac/, 'Mc'],
  [/'/, ''],
  [/'/, ' '],
  [/-/, ' '],
  [/c(?=[aou])/i, 'k'],
  [/k(?=[aou])/i, 'c'],
  [/z/i, 's'],
  [/s(?=[aeiou])/i, 'z'],
  [/i(?=[^aeiou]*$)/i, 'y'],
  [/ai/i, 'ay'],
];

/** Fictional Northshire towns, one for each postcode district. */
export const DISTRICTS: readonly { outward: string; town: string }[] = [
  { outward: 'NS1', town: 'Northshire' },
  { outward: 'NS2', town: 'Northshire' },
  { outward: 'NS3', town: 'Eastmoor' },
  { outward: 'NS4', town: 'Eastmoor' },
  { outward: 'NS5', town: 'Haltonbridge' },
  { outward: 'NS6', town: 'Kirkby Fell' },
  { outward: 'NS7', town: 'Ravenholme' },
  { outward: 'NS8', town: 'Ravenholme' },
  { outward: 'NS9', town: 'Ashby Marsh' },
  { outward: 'NX1', town: 'Saltergate' },
  { outward: 'NX2', town: 'Saltergate' },
  { outward: 'NX3', town: 'Wetherfold' },
  { outward: 'NX4', town: 'Brackendale' },
  { outward: 'NX5', town: 'Coldwater' },
];

export const STREET_NAMES = words(`Long Mill Church Station Park Victoria Albert Queen King Manor School Chapel Green Grange
  Meadow Orchard Willow Oak Elm Ash Beech Birch Cedar Holly Hawthorn Rowan Maple Chestnut Lime Poplar Sycamore Heather
  Bracken Moor Fell Beck Brook River Bridge Castle Abbey Priory Market Cross Well Spring Forge Tannery Foundry Wharf Canal
  Railway Quarry Colliery Windmill Cotton Weavers Spinners Dyers Cobden Peel Gladstone Nelson Wellington Trafalgar Balmoral
  Windsor Clarence Alexandra Beaconsfield Carlton Cavendish Devonshire Granville Hamilton Kingsley Lancaster Marlborough
  Portland Rutland Stanley Sutherland Warwick York Ashfield Brookfield Fairfield Highfield Lowfield Westfield Northfield
  Southfield Eastfield Greenfield Springfield Whitefield Redcliffe Hillside Lakeside Riverside Woodside Moorside Broadway
  Prospect Belmont Fairview Mount Pleasant Hope Providence Union Commercial Regent Crown Garden Rose Lily Primrose Bluebell
  Foxglove Lavender Thistle Fern Clover Daisy Poppy Kestrel Heron Lapwing Curlew Swallow Wren Linnet Skylark Falcon Raven`);

/** Street types with how often they occur and how clerks abbreviate them. */
export const STREET_TYPES: readonly { name: string; weight: number; short: string }[] = [
  { name: 'Road', weight: 30, short: 'Rd' },
  { name: 'Street', weight: 22, short: 'St' },
  { name: 'Lane', weight: 10, short: 'Ln' },
  { name: 'Close', weight: 9, short: 'Cl' },
  { name: 'Avenue', weight: 8, short: 'Ave' },
  { name: 'Drive', weight: 6, short: 'Dr' },
  { name: 'Way', weight: 4, short: 'Way' },
  { name: 'Gardens', weight: 3, short: 'Gdns' },
  { name: 'Crescent', weight: 3, short: 'Cres' },
  { name: 'Court', weight: 2, short: 'Ct' },
  { name: 'Terrace', weight: 2, short: 'Terr' },
  { name: 'Place', weight: 1, short: 'Pl' },
];

/** Letters a postcode's inward code may end in (no C, I, K, M, O or V). */
export const INWARD_LETTERS = 'ABDEFGHJLNPQRSTUWXYZ';

/** Neighbouring keys on a UK keyboard, for typos that look like real ones. */
export const KEYBOARD_NEIGHBOURS: Readonly<Record<string, string>> = {
  a: 'qwsz',
  b: 'vghn',
  c: 'xdfv',
  d: 'serfcx',
  e: 'wsdr',
  f: 'drtgvc',
  g: 'ftyhbv',
  h: 'gyujnb',
  i: 'ujko',
  j: 'huikmn',
  k: 'jiolm',
  l: 'kop',
  m: 'njk',
  n: 'bhjm',
  o: 'iklp',
  p: 'ol',
  q: 'wa',
  r: 'edft',
  s: 'awedxz',
  t: 'rfgy',
  u: 'yhji',
  v: 'cfgb',
  w: 'qase',
  x: 'zsdc',
  y: 'tghu',
  z: 'asx',
};
