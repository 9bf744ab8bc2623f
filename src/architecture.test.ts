import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';

/**
 * The module boundaries, checked as text so that no extra tool is needed. These are the rules in
 * ARCHITECTURE.md; a failure here names the file and the line that broke one.
 */
const SRC = path.resolve(import.meta.dirname);
const MODULES = path.join(SRC, 'modules');

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      return sourceFiles(full);
    }
    return entry.name.endsWith('.ts') ? [full] : [];
  });
}

const productionFiles = sourceFiles(SRC).filter((file) => !file.endsWith('.test.ts') && !file.includes(`${path.sep}testing${path.sep}`));

function importsOf(file: string): { line: number; target: string }[] {
  return fs
    .readFileSync(file, 'utf8')
    .split('\n')
    .flatMap((text, index) => {
      const match = text.match(/^\s*(?:import|export)\b[^'"]*from\s+['"](\.[^'"]+)['"]/);
      return match ? [{ line: index + 1, target: path.resolve(path.dirname(file), match[1] as string) }] : [];
    });
}

/** Subject data: records about people. Only these repository files may query the tables. */
/**
 * The synthetic-population generator is the one sanctioned bulk writer: it only ever adds invented
 * people (for benchmarks and load tests), and a million rows through the services would take hours.
 */
const BULK_WRITERS = ['demo/population/generate-population.ts'];

const SUBJECT_TABLES: Record<string, string[]> = {
  // Relationships and the chronology join person only to apply personVisibleTo inside their queries.
  person: [
    'modules/people/people.repository.ts',
    'modules/access/access.repository.ts',
    'modules/access/access.policy.ts',
    'modules/relationships/relationships.repository.ts',
    'modules/chronology/chronology.repository.ts',
    'modules/chronology/chronology.policy.ts',
    'modules/referrals/referrals.repository.ts',
    'modules/referrals/referrals.policy.ts',
    // A tray names the person only where personVisibleTo (the work policy's filter) allows, for the page's rows.
    'modules/work/work.repository.ts',
    // A merge marks the shell and carries a restriction over; the queue applies personVisibleTo to both records.
    'modules/duplicates/duplicates.repository.ts',
  ],
  access_basis: ['modules/access/access.repository.ts', 'modules/access/access.policy.ts', 'modules/people/people.repository.ts'],
  break_glass: ['modules/access/access.repository.ts', 'modules/access/access.policy.ts'],
  audit_event: ['platform/audit-trail/record-audit-event.ts', 'platform/audit-trail/verify-chain.ts'],
  // A merge turns the merged record's legal name into an alias of the survivor (and back on unmerge).
  person_name: ['modules/people/people.repository.ts', 'modules/duplicates/duplicates.repository.ts'],
  person_identifier: ['modules/people/people.repository.ts'],
  person_address: ['modules/people/people.repository.ts'],
  person_change: ['modules/people/people.repository.ts'],
  // People recorded as related are different people: a merge of the two is refused.
  relationship: ['modules/relationships/relationships.repository.ts', 'modules/duplicates/duplicates.repository.ts'],
  household: ['modules/relationships/relationships.repository.ts'],
  household_member: ['modules/relationships/relationships.repository.ts'],
  chronology_entry: ['modules/chronology/chronology.repository.ts'],
  chronology_entry_person: ['modules/chronology/chronology.repository.ts'],
  chronology_withdrawal: ['modules/chronology/chronology.repository.ts'],
  voice_entry: ['modules/chronology/chronology.repository.ts'],
  referral: ['modules/referrals/referrals.repository.ts', 'modules/referrals/referrals.policy.ts'],
  referral_subject: ['modules/referrals/referrals.repository.ts', 'modules/referrals/referrals.policy.ts'],
  contact: ['modules/referrals/referrals.repository.ts'],
  contact_subject: ['modules/referrals/referrals.repository.ts'],
  onward_work: ['modules/referrals/referrals.repository.ts'],
  s42_decision: ['modules/referrals/referrals.repository.ts'],
  strategy_discussion: ['modules/strategy/strategy.repository.ts'],
  strategy_attendee: ['modules/strategy/strategy.repository.ts'],
  strategy_action: ['modules/strategy/strategy.repository.ts'],
  section_47_enquiry: ['modules/strategy/strategy.repository.ts'],
};

describe('Architecture rules', () => {
  it('a module is entered only through its index.ts', () => {
    const breaches: string[] = [];
    for (const file of productionFiles) {
      for (const { line, target } of importsOf(file)) {
        if (!target.startsWith(`${MODULES}${path.sep}`)) {
          continue;
        }
        const targetModule = path.relative(MODULES, target).split(path.sep)[0];
        const sameModule = file.startsWith(path.join(MODULES, targetModule as string) + path.sep);
        // The one sanctioned exception: the schema type gathers each module's table types.
        const isTableTypes = file === path.join(SRC, 'platform', 'database', 'tables.ts') && target.endsWith('.tables.ts');
        if (!sameModule && path.basename(target) !== 'index.ts' && !isTableTypes) {
          breaches.push(`${path.relative(SRC, file)}:${line} imports ${path.relative(SRC, target)}`);
        }
      }
    }
    assert.deepEqual(breaches, []);
  });

  it('the platform knows no domain module (except the schema type that gathers their tables)', () => {
    const breaches = productionFiles
      .filter((file) => file.startsWith(path.join(SRC, 'platform') + path.sep) && !file.endsWith(path.join('database', 'tables.ts')))
      .flatMap((file) =>
        importsOf(file)
          .filter(({ target }) => target.startsWith(MODULES))
          .map(({ line, target }) => `${path.relative(SRC, file)}:${line} imports ${path.relative(SRC, target)}`),
      );
    assert.deepEqual(breaches, []);
  });

  it('services know nothing of HTTP', () => {
    const breaches = productionFiles
      .filter((file) => /\.(service|repository|policy|schema)\.ts$/.test(file))
      .filter((file) => /from ['"](fastify|@fastify\/[^'"]+)['"]|from ['"][^'"]*\/http\//.test(fs.readFileSync(file, 'utf8')))
      .map((file) => path.relative(SRC, file));
    assert.deepEqual(breaches, []);
  });

  it('tables holding records about people are read and written only on the scoped repository path', () => {
    const breaches: string[] = [];
    for (const file of productionFiles) {
      const relative = path.relative(SRC, file).split(path.sep).join('/');
      if (relative.startsWith('platform/database/migrations/')) {
        continue;
      }
      const text = fs.readFileSync(file, 'utf8');
      for (const [table, allowed] of Object.entries(SUBJECT_TABLES)) {
        const pattern = new RegExp(
          `(selectFrom|updateTable|insertInto|deleteFrom|innerJoin|leftJoin)\\(\\s*['"]${table}['"]|\\b(from|join|update|into)\\s+${table}\\b`,
          'i',
        );
        if (pattern.test(text) && !allowed.includes(relative) && !BULK_WRITERS.includes(relative)) {
          breaches.push(`${relative} touches ${table}`);
        }
      }
    }
    assert.deepEqual(breaches, []);
  });

  it('every module has the same shape', () => {
    const required = ['index.ts', 'schema.ts', 'tables.ts', 'repository.ts', 'policy.ts', 'service.ts', 'routes.ts'];
    const missing = fs.readdirSync(MODULES).flatMap((module) =>
      required
        .map((role) => (role === 'index.ts' ? role : `${module}.${role}`))
        .filter((name) => !fs.existsSync(path.join(MODULES, module, name)))
        .map((name) => `${module}/${name}`),
    );
    assert.deepEqual(missing, []);
  });
});
