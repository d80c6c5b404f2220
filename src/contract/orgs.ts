/**
 * Organizations (tree) and memberships, i.e. who holds which role where (routes/orgs).
 * Vocabularies: ORG_KINDS (core/org/kinds.ts), ROLES with ROLE_LABELS (core/auth/policy.ts).
 */
import { z } from 'zod';
import { Id, Role } from './common.js';
import { ORG_KINDS } from '../core/org/kinds.js';

export const OrgKindSchema = z.enum(ORG_KINDS);

export const OrgListQuerySchema = z.strictObject({ tree: z.enum(['0', '1']).optional() });
export const OrgCreateSchema = z.strictObject({
  name: z.string().trim().min(1).max(100),
  kind: OrgKindSchema,
  parentId: Id.nullable().optional(),
  sort: z.number().int().min(0).max(100000).optional(),
});
export type OrgCreate = z.input<typeof OrgCreateSchema>;
export const OrgPatchSchema = z.strictObject({
  name: z.string().trim().min(1).max(100).optional(),
  kind: OrgKindSchema.optional(),
  sort: z.number().int().min(0).max(100000).optional(),
});
export type OrgPatch = z.input<typeof OrgPatchSchema>;
export const MembershipCreateSchema = z.strictObject({ personId: Id, role: Role });

/** An organization; `path` is the materialised path of ids ("/root/branch/"). `kind`: ORG_KINDS. */
export const OrganizationSchema = z.object({
  id: z.string(),
  parentId: z.string().nullable(),
  name: z.string(),
  kind: z.string(),
  path: z.string(),
  sort: z.number(),
  createdAt: z.string(),
});
export type Organization = z.output<typeof OrganizationSchema>;

export interface OrgTreeNode extends Organization {
  children: OrgTreeNode[];
}
export const OrgTreeNodeSchema: z.ZodType<OrgTreeNode> = OrganizationSchema.extend({
  get children() {
    return z.array(OrgTreeNodeSchema);
  },
});

/** GET /api/orgs: `{ items }`, or `{ tree }` with ?tree=1. */
export const OrgListSchema = z.union([
  z.object({ items: z.array(OrganizationSchema) }),
  z.object({ tree: z.array(OrgTreeNodeSchema) }),
]);
export type OrgList = { items: Organization[] };
export type OrgTree = { tree: OrgTreeNode[] };

/** A role held in an organization. `role`: ROLES. */
export const MembershipSchema = z.object({
  id: z.string(),
  personId: z.string(),
  orgId: z.string(),
  role: z.string(),
  createdAt: z.string(),
});
export type Membership = z.output<typeof MembershipSchema>;
export const MembershipListSchema = z.object({ items: z.array(MembershipSchema) });
export type MembershipList = z.output<typeof MembershipListSchema>;
