/**
 * Pure helpers over the organization tree. Organizations carry a materialised path of ids
 * ("/root/branch/"), so ancestry questions need no database round trip.
 *
 *   ancestorIds('/a/b/c/')            → ['a', 'b', 'c']
 *   isStrictDescendant('/a/b/', '/a/') → true
 */
export interface OrgNode {
  id: string;
  parentId: string | null;
  name: string;
  kind: string;
  path: string;
  sort?: number;
}

export type OrgTree<T extends OrgNode = OrgNode> = T & { children: OrgTree<T>[] };

export function ancestorIds(path: string): string[] {
  return path.split('/').filter(Boolean);
}

export function isSameOrDescendant(path: string, ancestorPath: string): boolean {
  return path.startsWith(ancestorPath);
}

export function isStrictDescendant(path: string, ancestorPath: string): boolean {
  return path !== ancestorPath && path.startsWith(ancestorPath);
}

const byCodeUnits = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
let zhCollator: Intl.Collator | undefined;

/**
 * The order of sibling organizations: their sort number, then the name in Chinese (pinyin) order,
 * then — names equal to the collator, or equal — the name's and the id's code units. The same on
 * every database (no SQL collation involved) and total: no two distinct organizations tie.
 */
export function compareSiblings(
  a: Pick<OrgNode, 'id' | 'name' | 'sort'>,
  b: Pick<OrgNode, 'id' | 'name' | 'sort'>,
): number {
  zhCollator ??= new Intl.Collator('zh-CN');
  return (
    (a.sort ?? 0) - (b.sort ?? 0) ||
    zhCollator.compare(a.name, b.name) ||
    byCodeUnits(a.name, b.name) ||
    byCodeUnits(a.id, b.id)
  );
}

/** Nest a flat list into a forest (roots are nodes whose parent is absent from the list), siblings in `compareSiblings` order. */
export function buildTree<T extends OrgNode>(orgs: readonly T[]): OrgTree<T>[] {
  const byId = new Map<string, OrgTree<T>>();
  for (const o of orgs) byId.set(o.id, { ...o, children: [] });
  const roots: OrgTree<T>[] = [];
  for (const node of byId.values()) {
    const parent = node.parentId && node.parentId !== node.id ? byId.get(node.parentId) : undefined;
    (parent ? parent.children : roots).push(node);
  }
  const sort = (xs: OrgTree<T>[]) => {
    xs.sort(compareSiblings);
    xs.forEach((x) => sort(x.children));
  };
  sort(roots);
  return roots;
}

/**
 * A flat list in tree order: every organization right after its parent's earlier descendants —
 * parent before children, siblings in `compareSiblings` order (depth first, as the tree is shown).
 */
export function inTreeOrder<T extends OrgNode>(orgs: readonly T[]): T[] {
  const ids = new Set(orgs.map((o) => o.id));
  const children = new Map<string | null, T[]>();
  for (const o of orgs) {
    const parent = o.parentId && o.parentId !== o.id && ids.has(o.parentId) ? o.parentId : null;
    let xs = children.get(parent);
    if (!xs) children.set(parent, (xs = []));
    xs.push(o);
  }
  for (const xs of children.values()) xs.sort(compareSiblings);
  const out: T[] = [];
  const seen = new Set<T>();
  const walk = (parent: string | null) => {
    for (const o of children.get(parent) ?? []) {
      if (seen.has(o)) continue;
      seen.add(o);
      out.push(o);
      walk(o.id);
    }
  };
  walk(null);
  // Unreachable only through a cycle of parents (which paths rule out): never dropped.
  if (out.length < orgs.length) out.push(...orgs.filter((o) => !seen.has(o)).sort(compareSiblings));
  return out;
}
