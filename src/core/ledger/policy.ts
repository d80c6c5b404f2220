/**
 * Who may do what with ledger items: ONE pure table in the style of core/auth/policy.ts, plus
 * the status condition (closed items reject every change). The server authorizes every ledger
 * request with `ledgerDecision`; the test enumerates the table.
 *
 * Relations of an actor to an item (computed by `ledgerRelations`):
 *   owner     — the item's 责任人; for a unit item (no owner) the organization's secretary;
 *   secretary / leader / orgAdmin — that role on the item's organization (orgAdmin: or an ancestor);
 *   reviewer  — 上级审核人 / 督导组 of a strict ancestor organization (sees the whole subtree);
 *   member    — any membership in the item's organization.
 *
 * Decisions: 'allow'; 'hidden' (may not even read → 404, existence not revealed); 'forbidden'
 * (403); 'bad_state' (allowed in principle but not in this status → 409, e.g. a closed item).
 */
import { isSameOrDescendant, isStrictDescendant } from '../org/tree.js';
import type { Actor } from '../auth/policy.js';
import type { LedgerStatus } from './model.js';

export const LEDGER_RELATIONS = ['owner', 'secretary', 'leader', 'orgAdmin', 'reviewer', 'member'] as const;
export type LedgerRelation = (typeof LEDGER_RELATIONS)[number];

export const LEDGER_ACTIONS = [
  'ledger.read',
  'ledger.create',
  'ledger.edit',
  'ledger.assign',
  'ledger.split',
  'ledger.note',
  'ledger.evidence',
  'ledger.apply',
  'ledger.close',
  'ledger.sendBack',
  'ledger.unmarkRepeated',
  'ledger.export',
  'ledger.import',
  'ledger.dashboard',
  'ledger.deadline',
  'ledger.extend',
] as const;
export type LedgerAction = (typeof LEDGER_ACTIONS)[number];

/**
 * What an item's page tells its reader he may do now (GET /ledger/items/:id `can`): the actions on
 * one item, and `ledger.start` (an editor of a pending item may begin the work).
 */
export const LEDGER_ITEM_ABILITIES = [
  'ledger.edit',
  'ledger.assign',
  'ledger.split',
  'ledger.note',
  'ledger.evidence',
  'ledger.apply',
  'ledger.close',
  'ledger.sendBack',
  'ledger.unmarkRepeated',
  'ledger.deadline',
  'ledger.extend',
  'ledger.start',
] as const;
export type LedgerItemAbility = (typeof LEDGER_ITEM_ABILITIES)[number];

const OPEN: readonly LedgerStatus[] = ['pending', 'in_progress'];
const NOT_CLOSED: readonly LedgerStatus[] = ['pending', 'in_progress', 'awaiting_close'];

export interface LedgerRule {
  action: LedgerAction;
  relations: readonly LedgerRelation[];
  /** Only in these statuses (else 'bad_state'); absent = any status. */
  statuses?: readonly LedgerStatus[];
  /** Not when the actor owns the item (nobody closes their own item). */
  notOwner?: boolean;
  /** Only for items that have a personal owner (the secretary closes members' items, not the unit's). */
  personalOnly?: boolean;
  why: string;
}

/** THE ledger permission table. Organization-level actions (create, export, import, dashboard) have no item. */
export const LEDGER_RULES: readonly LedgerRule[] = [
  {
    action: 'ledger.read',
    relations: ['owner', 'secretary', 'leader', 'orgAdmin', 'reviewer'],
    why: '责任人、本组织书记和班子成员/支委、管理员及上级可查看台账',
  },
  {
    action: 'ledger.create',
    relations: ['secretary', 'orgAdmin', 'reviewer'],
    why: '书记建立本组织台账；上级可交办问题（上级点评、巡视巡察）',
  },
  {
    action: 'ledger.edit',
    relations: ['owner'],
    statuses: OPEN,
    why: '责任人只能修改自己的事项；已申请销号或已销号的事项不能修改',
  },
  { action: 'ledger.edit', relations: ['secretary'], statuses: OPEN, why: '书记维护本组织台账的内容' },
  {
    action: 'ledger.assign',
    relations: ['secretary', 'orgAdmin'],
    statuses: OPEN,
    why: '书记确定责任人、责任领导和完成时限',
  },
  // 完成时限: set by whoever checks the work, never by its owner (nobody moves his own
  // deadline, as nobody closes his own item); the owner asks for an extension, they decide it.
  {
    action: 'ledger.deadline',
    relations: ['secretary'],
    statuses: OPEN,
    notOwner: true,
    personalOnly: true,
    why: '书记确定和调整本组织党员个人事项的完成时限，审批其延期申请',
  },
  {
    action: 'ledger.deadline',
    relations: ['reviewer', 'orgAdmin'],
    statuses: OPEN,
    notOwner: true,
    why: '上级确定和调整完成时限（含班子事项和书记本人事项），审批延期申请',
  },
  {
    action: 'ledger.extend',
    relations: ['owner'],
    statuses: OPEN,
    why: '责任人不能自行修改完成时限，确需延期的提出延期申请（新日期和理由）',
  },
  { action: 'ledger.split', relations: ['owner'], statuses: OPEN, why: '责任人可将一项措施拆分为多项任务' },
  { action: 'ledger.note', relations: ['owner'], statuses: OPEN, why: '责任人填写整改进展' },
  { action: 'ledger.evidence', relations: ['owner'], statuses: OPEN, why: '责任人上传佐证材料' },
  { action: 'ledger.apply', relations: ['owner'], statuses: OPEN, why: '责任人凭佐证材料申请销号' },
  {
    action: 'ledger.close',
    relations: ['reviewer'],
    statuses: ['awaiting_close'],
    notOwner: true,
    why: '上级审核佐证材料后销号',
  },
  {
    action: 'ledger.close',
    relations: ['secretary'],
    statuses: ['awaiting_close'],
    notOwner: true,
    personalOnly: true,
    why: '书记审核本组织党员个人事项的销号（班子事项和本人事项由上级销号）',
  },
  {
    action: 'ledger.sendBack',
    relations: ['reviewer'],
    statuses: ['awaiting_close'],
    notOwner: true,
    why: '上级认为未整改到位的，说明理由后退回',
  },
  {
    action: 'ledger.sendBack',
    relations: ['secretary'],
    statuses: ['awaiting_close'],
    notOwner: true,
    personalOnly: true,
    why: '书记退回本组织党员个人事项',
  },
  {
    action: 'ledger.unmarkRepeated',
    relations: ['secretary', 'reviewer'],
    statuses: NOT_CLOSED,
    why: '“重复出现”由系统提示，书记或上级确认后可取消',
  },
  {
    action: 'ledger.export',
    relations: ['secretary', 'leader', 'orgAdmin', 'reviewer'],
    why: '导出本组织（及下级）台账',
  },
  { action: 'ledger.import', relations: ['secretary', 'orgAdmin'], why: '从 Excel 导入本组织台账' },
  { action: 'ledger.dashboard', relations: ['secretary', 'leader', 'orgAdmin', 'reviewer'], why: '查看整改进度统计' },
];

export interface LedgerTarget {
  /** Path of the item's (or the list's) organization, "/root/b1/". */
  orgPath: string;
  /** The item's owner (null = unit item); absent for organization-level actions. */
  ownerId?: string | null;
  status?: LedgerStatus;
}

export function ledgerRelations(actor: Actor, t: LedgerTarget): Set<LedgerRelation> {
  const r = new Set<LedgerRelation>();
  let isSecretary = false;
  for (const m of actor.memberships) {
    if (m.orgPath === t.orgPath) {
      r.add('member');
      if (m.role === 'secretary') {
        r.add('secretary');
        isSecretary = true;
      }
      if (m.role === 'leader') r.add('leader');
    }
    if (m.role === 'admin' && isSameOrDescendant(t.orgPath, m.orgPath)) r.add('orgAdmin');
    if (m.role === 'reviewer' && isStrictDescendant(t.orgPath, m.orgPath)) r.add('reviewer');
  }
  if (t.ownerId !== undefined) {
    if (t.ownerId === actor.personId) r.add('owner');
    else if (t.ownerId === null && isSecretary) r.add('owner');
  }
  return r;
}

function ruleMatches(rule: LedgerRule, rels: ReadonlySet<LedgerRelation>, t: LedgerTarget): boolean {
  if (rule.notOwner && rels.has('owner')) return false;
  if (rule.personalOnly && !t.ownerId) return false;
  return rule.relations.some((x) => rels.has(x));
}

export type LedgerDecision = 'allow' | 'hidden' | 'forbidden' | 'bad_state';

export function ledgerDecision(actor: Actor, action: LedgerAction, t: LedgerTarget): LedgerDecision {
  const rels = ledgerRelations(actor, t);
  const rules = LEDGER_RULES.filter((r) => r.action === action && ruleMatches(r, rels, t));
  if (rules.some((r) => !r.statuses || (t.status !== undefined && r.statuses.includes(t.status)))) return 'allow';
  const readable =
    action === 'ledger.read' ? false : LEDGER_RULES.some((r) => r.action === 'ledger.read' && ruleMatches(r, rels, t));
  if (rules.length) return 'bad_state';
  if (t.ownerId === undefined) return 'forbidden';
  return readable ? 'forbidden' : 'hidden';
}

export function canLedger(actor: Actor, action: LedgerAction, t: LedgerTarget): boolean {
  return ledgerDecision(actor, action, t) === 'allow';
}

/**
 * The SQL-side mirror of `ledger.read` for lists: the items an actor sees. Owner → own items;
 * secretary / leader → every item of that org; admin → that org's subtree; reviewer → the strict
 * subtree.
 */
export interface LedgerScope {
  ownerId?: string;
  orgIds: string[];
  subtreeOfPaths: string[];
  strictSubtreeOfPaths: string[];
}

export function ledgerReadScope(actor: Actor): LedgerScope {
  const rels = new Set(LEDGER_RULES.filter((r) => r.action === 'ledger.read').flatMap((r) => r.relations));
  const ms = actor.memberships;
  return {
    ownerId: rels.has('owner') ? actor.personId : undefined,
    orgIds: [
      ...new Set(
        ms
          .filter(
            (m) => (rels.has('secretary') && m.role === 'secretary') || (rels.has('leader') && m.role === 'leader'),
          )
          .map((m) => m.orgId),
      ),
    ],
    subtreeOfPaths: rels.has('orgAdmin') ? ms.filter((m) => m.role === 'admin').map((m) => m.orgPath) : [],
    strictSubtreeOfPaths: rels.has('reviewer') ? ms.filter((m) => m.role === 'reviewer').map((m) => m.orgPath) : [],
  };
}
