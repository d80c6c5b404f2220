/**
 * The kinds of party organization (organizations.kind): what an organization may be created as, in
 * the order the forms offer them. The kind names the group examined at a meeting (core/meeting/report.ts,
 * groupName: 党总支 → 党总支委员会, 党小组 → 党小组 …).
 */
export const ORG_KINDS = ['党委', '党总支', '党支部', '党组', '党小组', '其他'] as const;
export type OrgKind = (typeof ORG_KINDS)[number];
