/**
 * The ledger sheet's one description, shared by the writer (ledger-xlsx-write.ts) and the reader
 * (ledger-xlsx-read.ts): the row model (the item's fields as people read them) and the columns with
 * their headers, widths and the other names people give them. The page layout is xlsx-layout.ts's.
 */
import type { DeadlineKind, LedgerStatus } from '../core/ledger/model.js';

// ---------------------------------------------------------------- the sheet's row model

/** One row of the ledger sheet: the item's fields as people read them (names, not ids). */
export interface LedgerSheetRow {
  number: string | null;
  source: string;
  aspect: string | null;
  problem: string;
  target: string | null;
  measures: string | null;
  leaderName: string | null;
  department: string | null;
  ownerName: string | null;
  deadlineKind: DeadlineKind;
  deadlineOn: string | null;
  status: LedgerStatus;
  progress: string | null;
  evidence: string | null;
  closure: string | null;
  /** 延期情况: the extension requests and decisions, one per line (export only; ignored on import). */
  extension?: string | null;
}

// ---------------------------------------------------------------- columns

export interface Column {
  key: keyof LedgerSheetRow | 'seq';
  header: string;
  width: number;
  /** Normalised names that also mean this column. */
  synonyms: string[];
}

export const LEDGER_COLUMNS: readonly Column[] = [
  { key: 'seq', header: '序号', width: 6, synonyms: ['序号', '序', '编号序号'] },
  { key: 'number', header: '问题编号', width: 22, synonyms: ['问题编号', '台账编号', '编号', '问题序号'] },
  { key: 'source', header: '来源', width: 10, synonyms: ['来源', '问题来源', '来源渠道'] },
  { key: 'aspect', header: '类别', width: 12, synonyms: ['类别', '问题类别', '方面', '所属方面', '问题类型', '类型'] },
  {
    key: 'problem',
    header: '问题描述',
    width: 40,
    synonyms: ['问题描述', '存在问题', '问题表现', '具体问题', '问题', '问题内容', '存在的问题'],
  },
  {
    key: 'target',
    header: '整改目标',
    width: 24,
    synonyms: ['整改目标', '整改目标标准', '整改标准', '目标', '目标标准', '整改要求'],
  },
  { key: 'measures', header: '整改措施', width: 40, synonyms: ['整改措施', '措施', '具体措施', '整改举措'] },
  { key: 'leaderName', header: '责任领导', width: 10, synonyms: ['责任领导', '牵头领导', '分管领导'] },
  { key: 'department', header: '责任部门', width: 12, synonyms: ['责任部门', '责任单位', '牵头部门', '责任科室'] },
  { key: 'ownerName', header: '责任人', width: 10, synonyms: ['责任人', '具体责任人', '整改责任人'] },
  {
    key: 'deadlineOn',
    header: '完成时限',
    width: 14,
    synonyms: ['完成时限', '整改时限', '时限', '完成时间', '整改期限', '完成期限'],
  },
  { key: 'status', header: '状态', width: 10, synonyms: ['状态', '整改状态', '完成情况', '整改情况'] },
  {
    key: 'progress',
    header: '整改进展',
    width: 30,
    synonyms: ['整改进展', '进展情况', '进展', '整改进展情况', '工作进展'],
  },
  { key: 'evidence', header: '佐证材料', width: 20, synonyms: ['佐证材料', '佐证', '证明材料', '佐证资料'] },
  { key: 'closure', header: '销号情况', width: 18, synonyms: ['销号情况', '销号', '销号时间', '审核销号'] },
  { key: 'extension', header: '延期情况', width: 24, synonyms: ['延期情况', '延期', '延期申请', '延期说明'] },
];

export const col = (key: Column['key']) => LEDGER_COLUMNS.findIndex((c) => c.key === key) + 1;
export const letter = (n: number) => String.fromCharCode(64 + n);

export function normHeader(s: string): string {
  return s
    .normalize('NFKC')
    .replace(/[（(【\[][^）)】\]]*[）)】\]]/g, '')
    .replace(/[\s\p{P}\p{S}]/gu, '');
}
