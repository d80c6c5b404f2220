/**
 * Who may do what: ONE pure table of (action × relation × condition), used by the server to
 * authorize every request and by the generated authorization test to enumerate every case.
 *
 * An actor holds *relations* to a target, computed from their memberships and the target's place
 * in the organization tree (`relationsTo`). A rule allows an action for some relations, optionally
 * only for some material kinds or only when the actor is not the author (nobody approves their
 * own material). A request whose actor may not even read the target gets 404 (existence is not
 * revealed); one who may read but not act gets 403.
 *
 *   const rels = relationsTo(actor, { orgPath: '/root/b1/', authorId: 'p1', kind: 'member' });
 *   can(actor, 'material.review', target)  → true for the secretary of b1 or a reviewer of /root/
 */
import { isSameOrDescendant, isStrictDescendant } from '../org/tree.js';

export const ROLES = ['admin', 'secretary', 'leader', 'member', 'recorder', 'reviewer'] as const;
export type Role = (typeof ROLES)[number];

export const ROLE_LABELS: Record<Role, string> = {
  admin: '管理员',
  secretary: '书记',
  leader: '班子成员/支委',
  member: '党员',
  recorder: '记录人',
  reviewer: '上级审核人/督导组',
};

export const MATERIAL_KINDS = ['leadership', 'personal', 'member'] as const;
export type MaterialKind = (typeof MATERIAL_KINDS)[number];
export const MATERIAL_KIND_LABELS: Record<MaterialKind, string> = {
  leadership: '班子对照检查材料',
  personal: '个人对照检查材料',
  member: '检视剖析材料',
};

/**
 * Relations of an actor to a target.
 *  - sysadmin: the instance administrator (accounts, organizations) — does NOT read materials;
 *  - orgAdmin: `admin` role on the target organization or an ancestor;
 *  - secretary / leader / member / recorder: that role on the target organization itself;
 *  - reviewer: `reviewer` role on a strict ancestor (上级审核人 / 督导组 cover descendants);
 *  - author: wrote the target material; participant: takes part in the target meeting;
 *  - writer: takes part in the target meeting in a role that writes an own material (书记,
 *    班子成员/支委, 党员 — not 督导组, 记录人 or 列席人员; core/meeting/participants.ts);
 *  - self: the target person is the actor; authenticated: anyone logged in;
 *  - orgAdminAnywhere / secretaryAnywhere: holds that role in some organization (for lists of
 *    people that are not tied to one organization).
 */
export const RELATIONS = [
  'sysadmin',
  'orgAdmin',
  'secretary',
  'leader',
  'member',
  'recorder',
  'reviewer',
  'author',
  'participant',
  'writer',
  'self',
  'authenticated',
  'orgAdminAnywhere',
  'secretaryAnywhere',
] as const;
export type Relation = (typeof RELATIONS)[number];

export const ACTIONS = [
  'org.list',
  'org.create',
  'org.update',
  'person.list',
  'person.create',
  'person.update',
  'membership.list',
  'membership.manage',
  'framework.list',
  'framework.create',
  'meeting.list',
  'meeting.create',
  'meeting.read',
  'meeting.update',
  'material.create.leadership',
  'material.create.own',
  'material.read',
  'material.edit',
  'material.submit',
  'material.review',
  'audit.read',
] as const;
export type Action = (typeof ACTIONS)[number];

export interface Rule {
  action: Action;
  relations: readonly Relation[];
  /** Only for these material kinds. */
  kinds?: readonly MaterialKind[];
  /** Not when the actor is the material's author. */
  notAuthor?: boolean;
  why: string;
}

/** THE authorization table. */
export const RULES: readonly Rule[] = [
  { action: 'org.list', relations: ['authenticated'], why: '组织名称不敏感，登录用户均可查看组织树' },
  {
    action: 'org.create',
    relations: ['sysadmin', 'orgAdmin'],
    why: '管理员在其管辖范围内建下级组织（建顶级组织需系统管理员）',
  },
  { action: 'org.update', relations: ['sysadmin', 'orgAdmin'], why: '管理员维护组织' },
  {
    action: 'person.list',
    relations: ['sysadmin', 'orgAdminAnywhere', 'secretaryAnywhere'],
    why: '设置会议参会人员需要人员名单',
  },
  { action: 'person.create', relations: ['sysadmin', 'orgAdminAnywhere'], why: '账号由管理员创建' },
  { action: 'person.update', relations: ['sysadmin'], why: '停用账号、重置密码只由系统管理员进行' },
  {
    action: 'membership.list',
    relations: ['sysadmin', 'orgAdmin', 'secretary', 'reviewer'],
    why: '本组织书记、管理员和上级可查看成员与角色',
  },
  { action: 'membership.manage', relations: ['sysadmin', 'orgAdmin'], why: '角色由管理员分配' },
  { action: 'framework.list', relations: ['authenticated'], why: '检视框架是公开的数据' },
  { action: 'framework.create', relations: ['sysadmin', 'orgAdmin', 'secretary'], why: '组织可定义自己的检视框架' },
  { action: 'meeting.list', relations: ['authenticated'], why: '列表只含本人可见的会议' },
  { action: 'meeting.create', relations: ['orgAdmin', 'secretary'], why: '书记组织召开本组织的会议' },
  {
    action: 'meeting.read',
    relations: ['orgAdmin', 'secretary', 'leader', 'member', 'recorder', 'reviewer', 'participant'],
    why: '本组织成员、参会人员和上级可查看会议',
  },
  { action: 'meeting.update', relations: ['orgAdmin', 'secretary'], why: '书记维护会议安排' },
  { action: 'material.create.leadership', relations: ['secretary'], why: '书记牵头起草班子对照检查材料' },
  {
    action: 'material.create.own',
    relations: ['writer'],
    why: '接受检视的参会人员撰写本人的对照检查 / 检视剖析材料（督导组、记录人、列席人员不撰写）',
  },
  {
    action: 'material.read',
    relations: ['author', 'secretary', 'reviewer'],
    why: '材料敏感：只有作者、本组织书记和上级审核人可见',
  },
  { action: 'material.edit', relations: ['author'], why: '只有作者本人修改自己的材料（杜绝代写）' },
  {
    action: 'material.submit',
    relations: ['author'],
    why: '作者本人提交审核、撤回提交、答复审核意见或标为已处理',
  },
  { action: 'material.review', relations: ['reviewer'], notAuthor: true, why: '上级审核人审核下级组织的材料' },
  {
    action: 'material.review',
    relations: ['secretary'],
    kinds: ['personal', 'member'],
    notAuthor: true,
    why: '书记审核本组织成员的个人材料，不审核自己的和班子材料',
  },
  { action: 'audit.read', relations: ['sysadmin'], why: '审计日志由系统管理员查看与校验' },
];

export interface ActorMembership {
  orgId: string;
  orgPath: string;
  role: string;
}

export interface Actor {
  personId: string;
  isAdmin: boolean;
  memberships: readonly ActorMembership[];
}

/** What is being acted on. Absent fields mean "not applicable" (e.g. a global list). */
export interface Target {
  orgPath?: string;
  authorId?: string;
  kind?: MaterialKind | string;
  participantIds?: readonly string[];
  /** The participants who write an own material (a subset of participantIds). */
  writerIds?: readonly string[];
  personId?: string;
}

export function relationsTo(actor: Actor, target: Target): Set<Relation> {
  const r = new Set<Relation>(['authenticated']);
  if (actor.isAdmin) r.add('sysadmin');
  for (const m of actor.memberships) {
    if (m.role === 'admin') r.add('orgAdminAnywhere');
    if (m.role === 'secretary') r.add('secretaryAnywhere');
    if (target.orgPath === undefined) continue;
    if (m.role === 'admin' && isSameOrDescendant(target.orgPath, m.orgPath)) r.add('orgAdmin');
    if (m.role === 'reviewer' && isStrictDescendant(target.orgPath, m.orgPath)) r.add('reviewer');
    if (
      m.orgPath === target.orgPath &&
      (m.role === 'secretary' || m.role === 'leader' || m.role === 'member' || m.role === 'recorder')
    )
      r.add(m.role);
  }
  if (target.authorId !== undefined && target.authorId === actor.personId) r.add('author');
  if (target.participantIds?.includes(actor.personId)) r.add('participant');
  if (target.writerIds?.includes(actor.personId)) r.add('writer');
  if (target.personId !== undefined && target.personId === actor.personId) r.add('self');
  return r;
}

/** Does `rule` allow the action for an actor with these relations on this target? */
export function ruleAllows(rule: Rule, rels: ReadonlySet<Relation>, target: Target): boolean {
  if (rule.kinds && !(target.kind && (rule.kinds as readonly string[]).includes(target.kind))) return false;
  if (rule.notAuthor && rels.has('author')) return false;
  return rule.relations.some((x) => rels.has(x));
}

export function can(actor: Actor, action: Action, target: Target = {}): boolean {
  const rels = relationsTo(actor, target);
  return RULES.some((rule) => rule.action === action && ruleAllows(rule, rels, target));
}

/**
 * The SQL-side mirror of `material.read` for lists: which materials an actor sees. Derived from
 * the same relations: author → own; secretary → every material of that org; reviewer → every
 * material of the strict descendants.
 */
export function materialReadScope(actor: Actor): { authorId?: string; orgIds: string[]; descendantOfPaths: string[] } {
  const readRelations = new Set(RULES.filter((r) => r.action === 'material.read').flatMap((r) => r.relations));
  return {
    authorId: readRelations.has('author') ? actor.personId : undefined,
    orgIds: readRelations.has('secretary')
      ? actor.memberships.filter((m) => m.role === 'secretary').map((m) => m.orgId)
      : [],
    descendantOfPaths: readRelations.has('reviewer')
      ? actor.memberships.filter((m) => m.role === 'reviewer').map((m) => m.orgPath)
      : [],
  };
}

/** Meetings an actor sees in lists: those of orgs where meeting.read holds, plus their own. */
export function meetingReadScope(actor: Actor, allOrgPaths: readonly { id: string; path: string }[]): string[] {
  return allOrgPaths.filter((o) => can(actor, 'meeting.read', { orgPath: o.path })).map((o) => o.id);
}
