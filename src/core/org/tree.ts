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

/** Nest a flat list into a forest (roots are nodes whose parent is absent from the list). */
export function buildTree<T extends OrgNode>(orgs: readonly T[]): OrgTree<T>[] {
  const byId = new Map<string, OrgTree<T>>();
  for (const o of orgs) byId.set(o.id, { ...o, children: [] });
  const roots: OrgTree<T>[] = [];
  for (const node of byId.values()) {
    const parent = node.parentId ? byId.get(node.parentId) : undefined;
    (parent ? parent.children : roots).push(node);
  }
  const sort = (xs: OrgTree<T>[]) => {
    xs.sort((a, b) => (a.sort ?? 0) - (b.sort ?? 0) || a.name.localeCompare(b.name, 'zh-CN'));
    xs.forEach((x) => sort(x.children));
  };
  sort(roots);
  return roots;
}
