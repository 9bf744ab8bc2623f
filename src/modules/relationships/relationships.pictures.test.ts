import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { type EcomapData, ecomapSvg, escapeXml, type GenogramData, genogramFacts, genogramSvg } from './relationships.pictures.ts';

function ellieFamily(): GenogramData {
  return {
    id: 'genogram',
    title: 'Genogram: Ellie Hartwell’s family',
    people: [
      { key: 'p1', name: 'Ellie Hartwell', detail: 'Age 7', isSubject: true, isRestricted: false, sex: 'female' },
      { key: 'p2', name: 'Kayleigh Hartwell', detail: 'Age 27', isSubject: false, isRestricted: false, sex: 'female' },
      { key: 'p3', name: 'Dean Marsh', detail: 'Age 31', isSubject: false, isRestricted: false, sex: 'male' },
      { key: 'p4', name: 'Jayden Hartwell', detail: 'Age 10', isSubject: false, isRestricted: false },
      { key: 'p5', name: 'Restricted record', detail: 'Age not shown', isSubject: false, isRestricted: true, sex: 'unknown' },
    ],
    links: [
      {
        fromKey: 'p2',
        toKey: 'p1',
        parenting: true,
        generations: 1,
        label: 'Mother',
        inverseLabel: 'Child',
        ended: false,
        parentalResponsibility: true,
        prEvidenceSeen: true,
      },
      {
        fromKey: 'p3',
        toKey: 'p1',
        parenting: true,
        generations: 1,
        label: 'Parent’s partner',
        inverseLabel: 'Partner’s child',
        ended: false,
        parentalResponsibility: false,
      },
      { fromKey: 'p4', toKey: 'p1', parenting: false, generations: 0, label: 'Sibling', inverseLabel: 'Sibling', ended: false },
      { fromKey: 'p5', toKey: 'p2', parenting: false, generations: 0, label: 'Ex-partner', inverseLabel: 'Ex-partner', ended: true },
    ],
    households: [{ key: 'h1', label: 'Kayleigh’s home', memberKeys: ['p1', 'p2', 'p3', 'p4'] }],
  };
}

describe('The genogram drawn from Ellie’s recorded relationships', () => {
  it('draws one symbol per person, the shape telling sex, and a rounded box where sex is not recorded', () => {
    const svg = genogramSvg(ellieFamily());
    assert.equal((svg.match(/<g class="wp-person">/g) ?? []).length, 5);
    assert.equal((svg.match(/<circle cx="[^"]+" cy="[^"]+" r="18"/g) ?? []).length, 2, 'Ellie and Kayleigh are circles');
    assert.equal((svg.match(/<rect [^>]*width="36" height="36"/g) ?? []).length, 1, 'Dean is a square');
    assert.equal((svg.match(/<polygon /g) ?? []).length, 1, 'unknown sex is a diamond');
    assert.equal((svg.match(/rx="10"/g) ?? []).length, 1, 'Jayden, whose sex is not recorded, is a rounded box');
  });

  it('is an accessible image: role, title and description, labelled by id', () => {
    const svg = genogramSvg(ellieFamily());
    assert.match(svg, /^<svg [^>]*role="img" aria-labelledby="genogram-title genogram-desc"/);
    assert.match(svg, /<title id="genogram-title">Genogram: Ellie Hartwell’s family<\/title>/);
    assert.match(svg, /<desc id="genogram-desc">A family diagram of 5 people and 4 relationships/);
  });

  it('highlights Ellie, shows parental responsibility, dashes the ended relationship and outlines the household', () => {
    const svg = genogramSvg(ellieFamily());
    assert.match(svg, /fill="#ffdd00" stroke="#0b0c0c" stroke-width="3"/);
    assert.match(svg, /Mother · PR, evidence seen/);
    assert.match(svg, /Parent’s partner · no PR/);
    assert.equal((svg.match(/<g class="wp-link"><path [^>]*stroke-dasharray/g) ?? []).length, 1, 'only the ex-partner link is dashed');
    assert.match(svg, /<g class="wp-household"><rect [^>]*stroke-dasharray="6 4"/);
    assert.match(svg, /Household: Kayleigh’s home/);
  });

  it('escapes every name, so a name like <script> is text and never markup', () => {
    const data = ellieFamily();
    (data.people[2] as { name: string }).name = '<script>alert("x")</script> & co';
    data.households[0] = { key: 'h1', label: '"><img src=x>', memberKeys: ['p1'] };
    const svg = genogramSvg(data);
    assert.doesNotMatch(svg, /<script>/);
    assert.doesNotMatch(svg, /<img/);
    assert.match(svg, /&lt;script&gt;alert\(&quot;x&quot;\)&lt;\/script&gt; &amp; co/);
  });

  it('gives the same bytes for the same facts, whatever order they arrive in', () => {
    const first = genogramSvg(ellieFamily());
    const shuffled = ellieFamily();
    shuffled.people.reverse();
    shuffled.links.reverse();
    assert.equal(genogramSvg(shuffled), first);
    assert.equal(genogramSvg(ellieFamily()), first);
  });

  it('writes no person id into the picture', () => {
    const data = ellieFamily();
    data.people[0] = { ...(data.people[0] as GenogramData['people'][number]), key: '0b1f3c52-0000-4000-8000-000000000001' };
    for (const link of data.links) {
      if (link.toKey === 'p1') {
        link.toKey = '0b1f3c52-0000-4000-8000-000000000001';
      }
    }
    data.households[0]?.memberKeys.splice(0, 1, '0b1f3c52-0000-4000-8000-000000000001');
    // Keys are the caller's; the service passes numbered keys, and none of them is written out.
    assert.doesNotMatch(genogramSvg(data), /0b1f3c52/);
  });

  it('draws a person with nobody else', () => {
    const svg = genogramSvg({
      ...ellieFamily(),
      people: [ellieFamily().people[0] as GenogramData['people'][number]],
      links: [],
      households: [],
    });
    assert.equal((svg.match(/<g class="wp-person">/g) ?? []).length, 1);
    assert.match(svg, /1 person and 0 relationships/);
  });

  it('states the same facts in words for the text alternative', () => {
    const facts = genogramFacts(ellieFamily());
    assert.ok(facts.includes('Kayleigh Hartwell: mother of Ellie Hartwell (PR, evidence seen).'));
    assert.ok(facts.includes('Restricted record: ex-partner of Kayleigh Hartwell — ended.'));
    assert.ok(facts.includes('Living together in Kayleigh’s home: Ellie Hartwell, Kayleigh Hartwell, Dean Marsh, Jayden Hartwell.'));
  });
});

describe('The ecomap of the agencies around Ellie', () => {
  const data: EcomapData = {
    id: 'ecomap',
    title: 'Ecomap: agencies and workers involved with Ellie Hartwell',
    centre: { name: 'Ellie Hartwell', detail: 'Age 7' },
    agencies: [
      { key: 'a1', name: 'Ashford Primary School', detail: 'School · since 23 Nov 2026', current: true },
      { key: 'a2', name: 'Northshire Council Children’s Services', detail: 'Children’s social care', current: true },
      { key: 'a3', name: 'Northshire Police', detail: 'Police · 1 Jan 2026 to 3 Mar 2026', current: false },
    ],
    workers: [
      { key: 'w1', agencyKey: 'a2', name: 'Sam Okafor', detail: 'Allocated worker', current: true },
      { key: 'w2', agencyKey: 'a2', name: 'Assessment Team East', detail: 'Allocated team', current: true },
      { key: 'w3', agencyKey: null, name: 'A & <b>worker</b>', detail: 'Meeting member', current: false },
    ],
  };

  it('puts Ellie in the middle with a box per agency and worker, each joined by a line', () => {
    const svg = ecomapSvg(data);
    assert.equal((svg.match(/<g class="wp-ecomap-node">/g) ?? []).length, 7);
    assert.equal((svg.match(/<path /g) ?? []).length, 6);
    assert.match(svg, /role="img" aria-labelledby="ecomap-title ecomap-desc"/);
    assert.match(svg, /3 agencies and 3 workers and teams/);
  });

  it('dashes ended involvement and escapes names', () => {
    const svg = ecomapSvg(data);
    assert.equal((svg.match(/<path [^>]*stroke-dasharray/g) ?? []).length, 2, 'the police and the ended meeting member');
    assert.match(svg, /A &amp; &lt;b&gt;worker&lt;\/b&gt;/);
    assert.equal(ecomapSvg(data), svg, 'deterministic');
  });

  it('draws a person no agency is involved with', () => {
    const svg = ecomapSvg({ ...data, agencies: [], workers: [] });
    assert.equal((svg.match(/<g class="wp-ecomap-node">/g) ?? []).length, 1);
  });

  it('escapes the five XML special characters', () => {
    assert.equal(escapeXml(`<a href="x">'&'</a>`), '&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;');
  });
});
