/**
 * The vocabulary of the lint: what a rule is, what it is given and what it returns.
 *
 * A rule reads a parsed Material the way an experienced reviewer does and points at the exact
 * place (offsets into `material.text`) with a Chinese message and a short reason (说明). Rules are
 * pure and synchronous so that the same code runs in the server (on save) and in the browser (as
 * the author types).
 */
import type { Material } from '../material/model.js';
import type { Framework } from '../frameworks/framework.js';

export const SEVERITIES = ['error', 'warning', 'info'] as const;
export type Severity = (typeof SEVERITIES)[number];

export const FINDING_PARTS = ['title', 'preface', 'problems', 'causes', 'measures', 'closing'] as const;
export type FindingPart = (typeof FINDING_PARTS)[number];

export interface Finding {
  rule: string;
  severity: Severity;
  message: string;
  part: FindingPart;
  /** Index of the problem / cause / measure within its part, or null. */
  item: number | null;
  /** `[start, end)` in `material.text`. */
  start: number;
  end: number;
  /** Why a reviewer asks for this (说明). */
  why: string;
}

/** What an organization knows about itself: the names a copied text would betray. */
export interface OrganizationContext {
  /** Names of the organization and its short forms ("青山县税务局", "县税务局"). */
  names?: string[];
  /** Places it belongs to ("青山县", "青山", "江州市"). */
  places?: string[];
  /** Its units and departments. */
  units?: string[];
  /** People who may legitimately be named. */
  people?: string[];
  /** Its administrative level, when it has one. */
  level?: AdminLevel;
}

export type AdminLevel = '省' | '市' | '县' | '区' | '乡镇';

export interface RuleOverride {
  enabled?: boolean;
  severity?: Severity;
}

export interface LintContext {
  /** The meeting's framework (object or id); defaults to the one the parser detected. */
  framework?: Framework | string | null;
  /** Organization-defined frameworks, to resolve an id. */
  customFrameworks?: readonly Framework[];
  /** 个人 or 班子 material; inferred from the text when absent. */
  kind?: '个人' | '班子';
  /** The author's material of the previous year. */
  previous?: Material | null;
  /** The author's materials of earlier years than the previous one (same kind), newest first. */
  earlierMaterials?: readonly { year: number; material: Material }[];
  /**
   * The author's rectification ledger items of earlier years that are not closed (for a 班子
   * material: the organization's items without an owner): a problem written again while last
   * year's item of it is still open is the plainest repeat.
   */
  openLedgerItems?: readonly EarlierLedgerItem[];
  organization?: OrganizationContext;
  /** Year of the meeting (e.g. 2023 for a 2023年度 meeting); inferred from the title when absent. */
  meetingYear?: number;
  /** Per-rule overrides from the organization: `{ 'boilerplate-density': { enabled: false } }`. */
  config?: Record<string, RuleOverride | 'off' | Severity>;
  /**
   * Document frequency in the stored corpus: the share (0–1) of stored materials containing a
   * normalized character gram of length `BOILERPLATE_GRAM` (see rules/boilerplate-density.ts).
   */
  commonPhrases?: (gram: string) => number;
}

/** An open ledger item of an earlier year, as the 与往年雷同 rule needs it. */
export interface EarlierLedgerItem {
  number: string;
  year: number;
  problem: string;
  /** Its deadline has passed. */
  overdue: boolean;
}

/** What a rule sees: the material, the context, and facts computed once for all rules. */
export interface RuleInput {
  material: Material;
  ctx: LintContext;
  framework: Framework | null;
  kind: '个人' | '班子' | null;
  meetingYear: number | null;
}

/** A finding as a rule produces it; `rule`, `severity` and `why` are filled in by `lint`. */
export type RawFinding = Omit<Finding, 'rule' | 'severity' | 'why'> & { severity?: Severity };

export interface Rule {
  id: string;
  /** Short Chinese name for lists and settings ("缺少方面"). */
  title: string;
  severity: Severity;
  why: string;
  check(input: RuleInput): RawFinding[];
}
