/**
 * Clustering linked pairs into people: union–find over the links, strongest first, with
 * "cannot link" pairs (twins, siblings, different NHS numbers) that no chain of links may join.
 * Without that, Amy ~ Amy T. ~ Ann (her twin) would become one person through the middle record.
 */
export class Clusters {
  private readonly parent: Int32Array;
  private readonly members: (number[] | undefined)[];
  private readonly forbidden = new Map<number, number[]>();
  refusedLinks = 0;

  constructor(size: number) {
    this.parent = new Int32Array(size);
    for (let index = 0; index < size; index += 1) {
      this.parent[index] = index;
    }
    this.members = new Array(size);
  }

  find(index: number): number {
    let root = index;
    while (this.parent[root] !== root) {
      root = this.parent[root] as number;
    }
    let node = index;
    while (this.parent[node] !== root) {
      const next = this.parent[node] as number;
      this.parent[node] = root;
      node = next;
    }
    return root;
  }

  /** These two records must never end up in one cluster. */
  forbid(i: number, j: number): void {
    for (const [from, to] of [
      [i, j],
      [j, i],
    ] as const) {
      const list = this.forbidden.get(from);
      if (list) {
        list.push(to);
      } else {
        this.forbidden.set(from, [to]);
      }
    }
  }

  private membersOf(root: number): number[] {
    return this.members[root] ?? [root];
  }

  /** Joins the two records' clusters unless a forbidden pair would end up inside; says whether it did. */
  link(i: number, j: number): boolean {
    let rootI = this.find(i);
    let rootJ = this.find(j);
    if (rootI === rootJ) {
      return true;
    }
    let small = this.membersOf(rootI);
    let large = this.membersOf(rootJ);
    if (small.length > large.length) {
      [small, large] = [large, small];
      [rootI, rootJ] = [rootJ, rootI];
    }
    if (this.forbidden.size > 0) {
      for (const member of small) {
        for (const other of this.forbidden.get(member) ?? []) {
          if (this.find(other) === rootJ) {
            this.refusedLinks += 1;
            return false;
          }
        }
      }
    }
    this.parent[rootI] = rootJ;
    for (const member of small) {
      large.push(member);
    }
    this.members[rootJ] = large;
    this.members[rootI] = undefined;
    return true;
  }

  /** A cluster number per record: the smallest record index in its cluster, so the numbering is stable. */
  clusterIds(): Int32Array {
    const size = this.parent.length;
    const smallest = new Int32Array(size).fill(-1);
    const ids = new Int32Array(size);
    for (let index = 0; index < size; index += 1) {
      const root = this.find(index);
      if (smallest[root] === -1) {
        smallest[root] = index;
      }
      ids[index] = smallest[root] as number;
    }
    return ids;
  }
}

/** Links in order of strength: the strongest evidence shapes a cluster before weaker links can. */
export function clusterLinks(
  size: number,
  links: { i: Int32Array; j: Int32Array; weight: Float64Array; count: number },
  forbidden: { i: Int32Array; j: Int32Array; count: number },
): { clusters: Int32Array; refusedLinks: number } {
  const clusters = new Clusters(size);
  for (let index = 0; index < forbidden.count; index += 1) {
    clusters.forbid(forbidden.i[index] as number, forbidden.j[index] as number);
  }
  const order = new Uint32Array(links.count);
  for (let index = 0; index < links.count; index += 1) {
    order[index] = index;
  }
  order.sort((x, y) => (links.weight[y] as number) - (links.weight[x] as number));
  for (const index of order) {
    clusters.link(links.i[index] as number, links.j[index] as number);
  }
  return { clusters: clusters.clusterIds(), refusedLinks: clusters.refusedLinks };
}
