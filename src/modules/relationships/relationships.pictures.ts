import dagre from '@dagrejs/dagre';

/**
 * Genogram and ecomap as self-contained SVG strings, drawn on the server so that they print, need no
 * client script (the content security policy allows none inline) and look the same for everyone.
 * Layout is dagre's; drawing is ours. Every piece of text is escaped here, and the output is
 * deterministic: the same data always gives the same bytes. No person ids are written into the
 * pictures; nodes are numbered.
 */

export type Sex = 'male' | 'female' | 'unknown';

export interface GenogramPerson {
  key: string;
  name: string;
  /** A short second line, such as "Age 7" or "Age not known". */
  detail: string;
  sex?: Sex | undefined;
  isSubject: boolean;
  isRestricted: boolean;
}

export interface GenogramLink {
  /** The related person: the parent in a parenting link. */
  fromKey: string;
  toKey: string;
  /** Whether `from` parents or cares for `to` (drawn top-down), rather than being alongside them. */
  parenting: boolean;
  /** Generations between them when parenting: 1, or 2 for a grandparent. */
  generations: number;
  /** What `from` is to `to`: "Mother", "Partner"… */
  label: string;
  /** What `to` is to `from`: "Child", "Partner"… */
  inverseLabel: string;
  ended: boolean;
  /** Parental responsibility for `to`: true, false, null (not known); undefined when it does not apply. */
  parentalResponsibility?: boolean | null | undefined;
  prEvidenceSeen?: boolean | undefined;
}

export interface GenogramHousehold {
  key: string;
  label: string;
  memberKeys: string[];
}

export interface GenogramData {
  /** Unique within the page: the SVG's element ids are built from it. */
  id: string;
  title: string;
  people: GenogramPerson[];
  links: GenogramLink[];
  households: GenogramHousehold[];
}

export interface EcomapNode {
  key: string;
  name: string;
  detail: string;
  current: boolean;
}

export interface EcomapData {
  id: string;
  title: string;
  centre: { name: string; detail: string };
  agencies: EcomapNode[];
  /** Workers and teams; `agencyKey` is the agency they work for, when known. */
  workers: (EcomapNode & { agencyKey: string | null })[];
}

const INK = '#0b0c0c';
const MUTED = '#505a5f';
const HIGHLIGHT = '#ffdd00';
const RESTRICTED_FILL = '#b1b4b6';
const HOUSEHOLD_STROKE = '#1d70b8';
const FONT = 'GDS Transport, arial, sans-serif';
const DASH = '6 4';

export function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[char] as string);
}

/** Numbers without float noise, so output is stable and small. */
function n(value: number): string {
  return String(Math.round(value * 10) / 10);
}

function truncate(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

/** Room for a line of text at the given size; an estimate, since the server does not measure fonts. */
function textWidth(text: string, size: number): number {
  return text.length * size * 0.56;
}

function safeId(id: string): string {
  return id.replace(/[^A-Za-z0-9_-]/g, '-');
}

function svgOpen(id: string, width: number, height: number, title: string, desc: string): string {
  const base = safeId(id);
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" class="wp-picture" id="${base}" viewBox="0 0 ${n(width)} ${n(height)}" width="${n(width)}" height="${n(height)}" role="img" aria-labelledby="${base}-title ${base}-desc" font-family="${FONT}" font-size="14" fill="${INK}">`,
    `<title id="${base}-title">${escapeXml(title)}</title>`,
    `<desc id="${base}-desc">${escapeXml(desc)}</desc>`,
  ].join('');
}

function path(points: { x: number; y: number }[], attributes: string): string {
  const d = points.map((point, index) => `${index === 0 ? 'M' : 'L'}${n(point.x)} ${n(point.y)}`).join(' ');
  return `<path d="${d}" fill="none" ${attributes}/>`;
}

/** Text with a white halo, so a label stays legible where it crosses a line. */
function label(x: number, y: number, text: string, extra = ''): string {
  return `<text x="${n(x)}" y="${n(y)}" text-anchor="middle" font-size="12" stroke="#ffffff" stroke-width="4" paint-order="stroke" fill="${MUTED}"${extra}>${escapeXml(text)}</text>`;
}

/** The point a fraction of the way along a polyline, by length. */
function pointAlong(points: { x: number; y: number }[], fraction: number): { x: number; y: number } | undefined {
  const lengths = points.slice(1).map((point, index) => Math.hypot(point.x - (points[index]?.x ?? 0), point.y - (points[index]?.y ?? 0)));
  let remaining = lengths.reduce((sum, length) => sum + length, 0) * fraction;
  for (const [index, length] of lengths.entries()) {
    const start = points[index] as { x: number; y: number };
    const end = points[index + 1] as { x: number; y: number };
    if (remaining <= length && length > 0) {
      return { x: start.x + ((end.x - start.x) * remaining) / length, y: start.y + ((end.y - start.y) * remaining) / length };
    }
    remaining -= length;
  }
  return points[points.length - 1];
}

function compareKeys(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

const PERSON_HEIGHT = 92;

/** The PR part of a link's label: what is known about parental responsibility, never assumed. */
export function parentalResponsibilityText(link: Pick<GenogramLink, 'parentalResponsibility' | 'prEvidenceSeen'>): string | undefined {
  if (link.parentalResponsibility === undefined) {
    return undefined;
  }
  if (link.parentalResponsibility === null) {
    return 'PR not known';
  }
  if (!link.parentalResponsibility) {
    return 'no PR';
  }
  return link.prEvidenceSeen ? 'PR, evidence seen' : 'PR, evidence not seen';
}

function personShape(person: GenogramPerson, cx: number, top: number): string {
  const stroke = person.isSubject ? 3 : 1.5;
  const fill = person.isRestricted ? RESTRICTED_FILL : person.isSubject ? HIGHLIGHT : '#ffffff';
  const common = `fill="${fill}" stroke="${INK}" stroke-width="${stroke}"`;
  const size = 36;
  const cy = top + size / 2;
  switch (person.sex) {
    case 'male':
      return `<rect x="${n(cx - size / 2)}" y="${n(top)}" width="${size}" height="${size}" ${common}/>`;
    case 'female':
      return `<circle cx="${n(cx)}" cy="${n(cy)}" r="${size / 2}" ${common}/>`;
    case 'unknown':
      return `<polygon points="${n(cx)},${n(top)} ${n(cx + size / 2)},${n(cy)} ${n(cx)},${n(top + size)} ${n(cx - size / 2)},${n(cy)}" ${common}/>`;
    default:
      return `<rect x="${n(cx - 22)}" y="${n(top + 2)}" width="44" height="32" rx="10" ${common}/>`;
  }
}

/** Facts the genogram shows, one sentence each: its text alternative. */
export function genogramFacts(data: GenogramData): string[] {
  const byKey = new Map(data.people.map((person) => [person.key, person]));
  const facts = [...data.links]
    .sort((a, b) => compareKeys(`${a.fromKey}|${a.toKey}|${a.label}`, `${b.fromKey}|${b.toKey}|${b.label}`))
    .map((link) => {
      const from = byKey.get(link.fromKey)?.name ?? 'Someone';
      const to = byKey.get(link.toKey)?.name ?? 'someone';
      const pr = parentalResponsibilityText(link);
      return `${from}: ${link.label.toLowerCase()} of ${to}${pr ? ` (${pr})` : ''}${link.ended ? ' — ended' : ''}.`;
    });
  for (const household of data.households) {
    const names = household.memberKeys.map((key) => byKey.get(key)?.name ?? 'someone');
    facts.push(`Living together in ${household.label}: ${names.join(', ')}.`);
  }
  return facts;
}

/** The third line under a person: what they are to the person whose record this is. */
function relationToSubject(person: GenogramPerson, links: GenogramLink[], subjectKey: string | undefined): string {
  if (!subjectKey || person.key === subjectKey) {
    return person.key === subjectKey ? 'This record' : '';
  }
  return links
    .flatMap((link) => {
      const ended = link.ended ? ' (ended)' : '';
      if (link.toKey === subjectKey && link.fromKey === person.key) {
        const pr = parentalResponsibilityText(link);
        return [`${link.label}${pr ? ` · ${pr}` : ''}${ended}`];
      }
      if (link.fromKey === subjectKey && link.toKey === person.key) {
        return [`${link.inverseLabel}${ended}`];
      }
      return [];
    })
    .join('; ');
}

/**
 * A genogram: generations top-down (parents above children, grandparents two rows up); partners,
 * siblings and others on one row, joined by a bracket beneath them; ended relationships dashed; the
 * person whose record it is highlighted, and under everyone else what they are to that person
 * (with parental responsibility); current households outlined with a dashed line. Males are
 * squares, females circles, unknown sex a diamond, and a rounded box where sex is not recorded.
 */
export function genogramSvg(data: GenogramData): string {
  const graph = new dagre.graphlib.Graph({ compound: true, multigraph: true });
  graph.setGraph({ rankdir: 'TB', nodesep: 36, ranksep: 64, marginx: 24, marginy: 32 });
  graph.setDefaultEdgeLabel(() => ({}));

  const people = [...data.people].sort((a, b) => compareKeys(a.key, b.key));
  const keys = new Set(people.map((person) => person.key));
  const links = data.links
    .filter((link) => keys.has(link.fromKey) && keys.has(link.toKey))
    .sort((a, b) => compareKeys(`${a.fromKey}|${a.toKey}|${a.label}`, `${b.fromKey}|${b.toKey}|${b.label}`));
  const subjectKey = people.find((person) => person.isSubject)?.key;
  const relation = new Map(people.map((person) => [person.key, truncate(relationToSubject(person, links, subjectKey), 44)]));

  for (const person of people) {
    const width = Math.min(
      260,
      Math.max(
        140,
        textWidth(truncate(person.name, 30), 15) + 20,
        textWidth(person.detail, 12) + 20,
        textWidth(relation.get(person.key) ?? '', 12) + 20,
      ),
    );
    graph.setNode(person.key, { width, height: PERSON_HEIGHT });
  }
  const households = [...data.households].sort((a, b) => compareKeys(a.key, b.key));
  const placed = new Set<string>();
  for (const household of households) {
    const members = household.memberKeys.filter((key) => keys.has(key) && !placed.has(key));
    if (members.length === 0) {
      continue;
    }
    graph.setNode(household.key, {});
    for (const key of members) {
      graph.setParent(key, household.key);
      placed.add(key);
    }
  }

  links.forEach((link, index) => {
    if (link.parenting) {
      graph.setEdge(link.fromKey, link.toKey, { minlen: Math.max(1, link.generations), weight: 2 }, `e${index}`);
    } else {
      // dagre cannot put two nodes on one row directly; an unseen point below both pulls them level.
      const point = `l${index}`;
      graph.setNode(point, { width: 1, height: 1 });
      graph.setEdge(link.fromKey, point, { minlen: 1, weight: 1 }, `e${index}a`);
      graph.setEdge(link.toKey, point, { minlen: 1, weight: 1 }, `e${index}b`);
    }
  });

  dagre.layout(graph);
  const size = graph.graph();
  const width = Math.max(size.width ?? 0, 320);
  // The unseen points that level partners and siblings sit a row below them; the picture ends where the drawing does.
  let bottom = 0;
  for (const person of people) {
    bottom = Math.max(bottom, (graph.node(person.key).y ?? 0) + PERSON_HEIGHT / 2 + 48);
  }
  for (const household of households) {
    const box = graph.hasNode(household.key) ? graph.node(household.key) : undefined;
    if (box?.y !== undefined) {
      bottom = Math.max(bottom, box.y + box.height / 2 + 24);
    }
  }
  const height = Math.max(Math.min(size.height ?? 0, bottom), 140);

  const parts: string[] = [];
  parts.push(
    svgOpen(
      data.id,
      width,
      height,
      data.title,
      `A family diagram of ${people.length} ${people.length === 1 ? 'person' : 'people'} and ${links.length} ${links.length === 1 ? 'relationship' : 'relationships'}. Ended relationships are dashed; the highlighted person is the one whose record this is. The same facts are listed after the picture.`,
    ),
  );

  for (const household of households) {
    const box = graph.hasNode(household.key) ? graph.node(household.key) : undefined;
    if (!box || box.x === undefined || box.y === undefined) {
      continue;
    }
    const x = box.x - box.width / 2 - 6;
    const y = box.y - box.height / 2 - 20;
    parts.push(
      `<g class="wp-household"><rect x="${n(x)}" y="${n(y)}" width="${n(box.width + 12)}" height="${n(box.height + 34)}" rx="12" fill="none" stroke="${HOUSEHOLD_STROKE}" stroke-width="1.5" stroke-dasharray="${DASH}"/>`,
      `<text x="${n(x + 10)}" y="${n(y + 15)}" font-size="12" fill="${HOUSEHOLD_STROKE}">${escapeXml(truncate(`Household: ${household.label}`, 48))}</text></g>`,
    );
  }

  // Brackets under a row are stacked so that two of them never share a line.
  const bracketsOnRow = new Map<number, number>();
  links.forEach((link, index) => {
    const dash = link.ended ? ` stroke-dasharray="${DASH}"` : '';
    const stroke = `stroke="${INK}" stroke-width="1.5"${dash}`;
    const touchesSubject = link.fromKey === subjectKey || link.toKey === subjectKey;
    const pr = parentalResponsibilityText(link);
    const text = touchesSubject ? '' : pr ? `${link.label} · ${pr}` : link.label;
    const from = graph.node(link.fromKey);
    const to = graph.node(link.toKey);
    if (!link.parenting && from.y !== undefined && from.y === to.y && from.x !== undefined && to.x !== undefined) {
      const row = Math.round(from.y);
      const depth = bracketsOnRow.get(row) ?? 0;
      bracketsOnRow.set(row, depth + 1);
      const bottom = from.y + PERSON_HEIGHT / 2 + 6 + depth * 8;
      const top = from.y + PERSON_HEIGHT / 2 - 2;
      const points = [
        { x: from.x, y: top },
        { x: from.x, y: bottom },
        { x: to.x, y: bottom },
        { x: to.x, y: top },
      ];
      parts.push(`<g class="wp-link">${path(points, stroke)}${text ? label((from.x + to.x) / 2, bottom + 14, text) : ''}</g>`);
      return;
    }
    let points: { x: number; y: number }[];
    if (link.parenting) {
      // From under the parent's name to the top of the child's symbol, so lines meet the people, not their boxes.
      const routed = graph.edge({ v: link.fromKey, w: link.toKey, name: `e${index}` })?.points ?? [];
      points = [
        { x: from.x ?? 0, y: (from.y ?? 0) + PERSON_HEIGHT / 2 },
        ...routed.slice(1, -1),
        { x: to.x ?? 0, y: (to.y ?? 0) - PERSON_HEIGHT / 2 },
      ];
    } else {
      const a = graph.edge({ v: link.fromKey, w: `l${index}`, name: `e${index}a` })?.points ?? [];
      const b = graph.edge({ v: link.toKey, w: `l${index}`, name: `e${index}b` })?.points ?? [];
      points = [...a, ...[...b].reverse()];
    }
    // Labels sit nearer the child than the parent, clear of the brackets that run under the parents' row.
    const at = pointAlong(points, link.parenting ? 0.7 : 0.5);
    parts.push(`<g class="wp-link">${path(points, stroke)}${text && at ? label(at.x, at.y + 4, text) : ''}</g>`);
  });

  for (const person of people) {
    const node = graph.node(person.key);
    const cx = node.x ?? 0;
    const top = (node.y ?? 0) - PERSON_HEIGHT / 2;
    const weight = person.isSubject ? ' font-weight="bold"' : '';
    const relationText = relation.get(person.key) ?? '';
    parts.push(
      `<g class="wp-person"><title>${escapeXml(`${person.name}, ${person.detail}${relationText ? `: ${relationText}` : ''}`)}</title>`,
      personShape(person, cx, top),
      `<text x="${n(cx)}" y="${n(top + 54)}" text-anchor="middle"${weight}>${escapeXml(truncate(person.name, 30))}</text>`,
      `<text x="${n(cx)}" y="${n(top + 70)}" text-anchor="middle" font-size="12" fill="${MUTED}">${escapeXml(person.detail)}</text>`,
      relationText
        ? `<text x="${n(cx)}" y="${n(top + 85)}" text-anchor="middle" font-size="12" fill="${INK}">${escapeXml(relationText)}</text>`
        : '',
      '</g>',
    );
  }
  parts.push('</svg>');
  return parts.join('');
}

/**
 * An ecomap: the person in the middle, the agencies involved on either side, and the workers and
 * teams of each agency beyond them. Ended involvement is dashed.
 */
export function ecomapSvg(data: EcomapData): string {
  const graph = new dagre.graphlib.Graph({ multigraph: true });
  graph.setGraph({ rankdir: 'LR', nodesep: 20, ranksep: 64, marginx: 24, marginy: 24 });
  graph.setDefaultEdgeLabel(() => ({}));

  const boxWidth = (node: { name: string; detail: string }, min: number) =>
    Math.min(360, Math.max(min, textWidth(truncate(node.name, 38), 15.5) + 24, textWidth(node.detail, 12) + 24));
  graph.setNode('centre', { width: boxWidth(data.centre, 160), height: 60 });

  const agencies = [...data.agencies].sort((a, b) => compareKeys(a.name, b.name) || compareKeys(a.key, b.key));
  const workers = [...data.workers].sort((a, b) => compareKeys(a.name, b.name) || compareKeys(a.key, b.key));
  const side = new Map<string, 'left' | 'right'>();
  agencies.forEach((agency, index) => {
    side.set(agency.key, index % 2 === 0 ? 'right' : 'left');
  });
  // The centre sits between the two sides because edges on the left point into it and on the right out of it.
  const connect = (nodeSide: 'left' | 'right', inner: string, outer: string, name: string) => {
    if (nodeSide === 'right') {
      graph.setEdge(inner, outer, { minlen: 1 }, name);
    } else {
      graph.setEdge(outer, inner, { minlen: 1 }, name);
    }
  };
  for (const agency of agencies) {
    graph.setNode(agency.key, { width: boxWidth(agency, 170), height: 56 });
    connect(side.get(agency.key) as 'left' | 'right', 'centre', agency.key, `c-${agency.key}`);
  }
  workers.forEach((worker, index) => {
    graph.setNode(worker.key, { width: boxWidth(worker, 150), height: 56 });
    const agencySide = worker.agencyKey ? side.get(worker.agencyKey) : undefined;
    if (worker.agencyKey && agencySide) {
      connect(agencySide, worker.agencyKey, worker.key, `w-${worker.key}`);
    } else {
      connect(index % 2 === 0 ? 'left' : 'right', 'centre', worker.key, `w-${worker.key}`);
    }
  });

  dagre.layout(graph);
  const size = graph.graph();
  const width = Math.max(size.width ?? 0, 320);
  const height = Math.max(size.height ?? 0, 120);
  const parts: string[] = [
    svgOpen(
      data.id,
      width,
      height,
      data.title,
      `${data.centre.name} in the middle, with ${agencies.length} ${agencies.length === 1 ? 'agency' : 'agencies'} and ${workers.length} ${workers.length === 1 ? 'worker or team' : 'workers and teams'} around them. Ended involvement is dashed. The same facts are in the table after the picture.`,
    ),
  ];

  const current = new Map([...agencies, ...workers].map((node) => [node.key, node.current]));
  for (const edge of [...graph.edges()].sort((a, b) => compareKeys(a.name ?? '', b.name ?? ''))) {
    const points = graph.edge(edge)?.points ?? [];
    const outer = edge.v === 'centre' ? edge.w : edge.w === 'centre' ? edge.v : (edge.name ?? '').slice(2);
    const dash = current.get(outer) === false ? ` stroke-dasharray="${DASH}"` : '';
    parts.push(path(points, `stroke="${INK}" stroke-width="2"${dash}`));
  }

  const box = (key: string, node: { name: string; detail: string }, fill: string, strokeWidth: number, dashed: boolean, bold: boolean) => {
    const layout = graph.node(key);
    const x = (layout.x ?? 0) - layout.width / 2;
    const y = (layout.y ?? 0) - layout.height / 2;
    return [
      `<g class="wp-ecomap-node"><title>${escapeXml(`${node.name}: ${node.detail}`)}</title>`,
      `<rect x="${n(x)}" y="${n(y)}" width="${n(layout.width)}" height="${n(layout.height)}" rx="8" fill="${fill}" stroke="${INK}" stroke-width="${strokeWidth}"${dashed ? ` stroke-dasharray="${DASH}"` : ''}/>`,
      `<text x="${n(layout.x ?? 0)}" y="${n((layout.y ?? 0) - 3)}" text-anchor="middle"${bold ? ' font-weight="bold"' : ''}>${escapeXml(truncate(node.name, 38))}</text>`,
      `<text x="${n(layout.x ?? 0)}" y="${n((layout.y ?? 0) + 15)}" text-anchor="middle" font-size="12" fill="${MUTED}">${escapeXml(node.detail)}</text></g>`,
    ].join('');
  };
  parts.push(box('centre', data.centre, HIGHLIGHT, 3, false, true));
  for (const agency of agencies) {
    parts.push(box(agency.key, agency, '#ffffff', 2, !agency.current, true));
  }
  for (const worker of workers) {
    parts.push(box(worker.key, worker, '#f3f2f1', 1.5, !worker.current, false));
  }
  parts.push('</svg>');
  return parts.join('');
}
