import { fakerEN_GB as faker } from '@faker-js/faker';
import { DEFAULT_MODEL, MatchModel, dedupeRecords, prepareRecord, trainModel, type MatchInput } from './src/modules/matching/index.ts';
const n = Number(process.argv[2] ?? 100000);
faker.seed(1);
const t0 = Date.now();
const inputs: MatchInput[] = [];
const truth: number[] = [];
for (let e = 0; inputs.length < n; e++) {
  const sex = faker.person.sexType();
  const base = { forename: faker.person.firstName(sex), surname: faker.person.lastName(), dob: faker.date.birthdate({min:0,max:90,mode:'age'}).toISOString().slice(0,10), sex, postcode: `NS${faker.number.int({min:1,max:9})} ${faker.number.int(9)}${faker.string.alpha({length:2, casing:'upper'})}`, address: `${faker.number.int({min:1,max:200})} ${faker.location.street()}` };
  inputs.push({ id: `r${inputs.length}`, ...base }); truth.push(e);
  if (faker.number.float() < 0.5) { const d = { ...base, forename: faker.number.float() < 0.2 ? base.forename.slice(0, -1) : base.forename, dob: faker.number.float() < 0.1 ? base.dob.slice(0,5)+base.dob.slice(8,10)+'-'+base.dob.slice(5,7) : base.dob };
    if (!/-(0[1-9]|1[0-2])-/.test(d.dob)) d.dob = base.dob;
    inputs.push({ id: `r${inputs.length}`, ...d }); truth.push(e); }
}
console.log('generated', inputs.length, Date.now() - t0, 'ms');
const t1 = Date.now();
const records = inputs.map(prepareRecord);
console.log('prepared', Date.now() - t1, 'ms', 'rss', Math.round(process.memoryUsage().rss / 1e6), 'MB');
const t2 = Date.now();
const params = trainModel(records, { base: DEFAULT_MODEL });
console.log('trained', Date.now() - t2, 'ms', 'prior', params.prior);
const t3 = Date.now();
const result = dedupeRecords(records, new MatchModel(params));
console.log('deduped', Date.now() - t3, 'ms', result.pairsScored, 'pairs', result.linksAccepted, 'links', result.linksRefused, 'refused', 'rss', Math.round(process.memoryUsage().rss / 1e6), 'MB');
console.log(JSON.stringify(result.blocking.rules));
// pair F1
const byCluster = new Map<number, number[]>();
result.clusters.forEach((c, i) => { const l = byCluster.get(c) ?? []; l.push(i); byCluster.set(c, l); });
let tp = 0, fp = 0; for (const l of byCluster.values()) for (let a=0;a<l.length;a++) for (let b=a+1;b<l.length;b++) truth[l[a]!]===truth[l[b]!] ? tp++ : fp++;
const byTruth = new Map<number, number>(); truth.forEach(t => byTruth.set(t, (byTruth.get(t) ?? 0) + 1));
let all = 0; for (const c of byTruth.values()) all += c*(c-1)/2;
const p = tp/(tp+fp), r = tp/all; console.log({tp, fp, all, precision: p, recall: r, f1: 2*p*r/(p+r)});
