/**
 * Writing the ledger as an Excel workbook (exceljs) in the customary layout: the merged title, the
 * frozen header repeated on every printed page, one item per row with its status filled red,
 * yellow or green, a drop-down on the status column; A4 landscape (xlsx-layout.ts). Node only.
 */
import { Writable } from 'node:stream';
import ExcelJS from 'exceljs';
import { LEDGER_STATUSES, LEDGER_STATUS_LABELS, deadlineText, type DueState } from '../core/ledger/model.js';
import { xmlSafe } from '../core/text/xml-safe.js';
import { officialSheet } from './xlsx-layout.js';
import { col, LEDGER_COLUMNS, letter, type LedgerSheetRow } from './ledger-xlsx-sheet.js';

export interface LedgerExportRow extends LedgerSheetRow {
  /** Derived on the export day; overdue items get a red status fill and a red deadline. */
  dueState?: DueState;
}

// ---------------------------------------------------------------- export

const FILL = {
  red: 'FFFFC7CE',
  yellow: 'FFFFEB9C',
  green: 'FFC6EFCE',
  header: 'FFD9D9D9',
};

function statusFill(r: LedgerExportRow): string {
  if (r.status === 'closed') return FILL.green;
  if (r.dueState === 'overdue' || r.status === 'pending') return FILL.red;
  return FILL.yellow;
}

const THIN = { style: 'thin' as const, color: { argb: 'FF808080' } };
const BORDER = { top: THIN, left: THIN, bottom: THIN, right: THIN };

/** Date cell for YYYY-MM-DD (UTC midnight, so every time zone reads the same day). */
function dateCell(iso: string): Date {
  return new Date(`${iso}T00:00:00.000Z`);
}

/**
 * Write the ledger. `title` goes into the merged first row; `extraRows` blank rows after the data
 * also get the status drop-down, so people can add items in Excel.
 */
export async function exportLedgerXlsx(
  rows: Iterable<LedgerExportRow> | AsyncIterable<LedgerExportRow>,
  opts: LedgerExportOptions = { title: '整改台账' },
): Promise<Buffer> {
  const chunks: Buffer[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _enc, cb) {
      chunks.push(chunk);
      cb();
    },
  });
  await writeLedgerXlsx(rows, sink, opts);
  return Buffer.concat(chunks);
}

export interface LedgerExportOptions {
  title: string;
  sheetName?: string;
  /** Blank rows with the status drop-down after the data (default 100). */
  extraRows?: number;
  creator?: string;
}

/**
 * The same workbook written as a stream (exceljs' streaming writer): each row is styled and
 * committed as it comes, so memory stays flat and a 10,000-row export is written in one pass —
 * `rows` may be an async iterable fed page by page from the database.
 *
 *   await writeLedgerXlsx(rowsOf(items), reply.raw, { title: '第一党支部2024年度整改台账' });
 */
export async function writeLedgerXlsx(
  rows: Iterable<LedgerExportRow> | AsyncIterable<LedgerExportRow>,
  out: Writable,
  opts: LedgerExportOptions = { title: '整改台账' },
): Promise<number> {
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({
    stream: out,
    useStyles: true,
    useSharedStrings: false,
    zip: { zlib: { level: 6 } },
  } as ConstructorParameters<typeof ExcelJS.stream.xlsx.WorkbookWriter>[0]);
  wb.creator = xmlSafe(opts.creator ?? '检视 Jianshi');
  wb.created = new Date(0);
  wb.modified = new Date(0);
  const ws = wb.addWorksheet(opts.sheetName ?? '整改台账', officialSheet());
  ws.columns = LEDGER_COLUMNS.map((c) => ({ key: c.key, width: c.width }));
  const n = LEDGER_COLUMNS.length;

  ws.mergeCells(1, 1, 1, n);
  const titleRow = ws.getRow(1);
  const title = titleRow.getCell(1);
  title.value = xmlSafe(opts.title);
  title.font = { name: '方正小标宋简体', size: 18 };
  title.alignment = { horizontal: 'center', vertical: 'middle' };
  titleRow.height = 36;
  titleRow.commit();

  const header = ws.getRow(2);
  LEDGER_COLUMNS.forEach((c, i) => {
    const cell = header.getCell(i + 1);
    cell.value = c.header;
    cell.font = { name: '黑体', size: 11, bold: true };
    cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: FILL.header } };
    cell.alignment = { horizontal: 'center', vertical: 'middle', wrapText: true };
    cell.border = BORDER;
  });
  header.height = 28;
  header.commit();

  // One style object per kind of cell, shared by every cell of that kind: exceljs recognises a style
  // object it has seen (by identity), so styling 150,000 cells costs a lookup each, not a style merge.
  const bodyFont = { name: '宋体', size: 10 };
  const wrap = { vertical: 'top' as const, wrapText: true };
  const center = { horizontal: 'center' as const, vertical: 'top' as const, wrapText: true };
  const centered = new Set([
    'seq',
    'source',
    'aspect',
    'leaderName',
    'department',
    'ownerName',
    'deadlineOn',
    'status',
  ]);
  const deadlineCol = col('deadlineOn');
  const statusCol = col('status');
  const redFont = { ...bodyFont, color: { argb: 'FFC00000' }, bold: true };
  const base = (k: number): Partial<ExcelJS.Style> => ({
    font: bodyFont,
    alignment: centered.has(LEDGER_COLUMNS[k].key) ? center : wrap,
    border: BORDER,
  });
  const plain = LEDGER_COLUMNS.map((_c, k) => base(k));
  const DATE_FMT = 'yyyy"年"m"月"d"日"';
  const deadlineStyles = new Map<string, Partial<ExcelJS.Style>>();
  const deadlineStyle = (isDate: boolean, red: boolean) => {
    const key = `${isDate}:${red}`;
    let st = deadlineStyles.get(key);
    if (!st)
      deadlineStyles.set(
        key,
        (st = {
          ...plain[deadlineCol - 1],
          ...(isDate ? { numFmt: DATE_FMT } : {}),
          ...(red ? { font: redFont } : {}),
        }),
      );
    return st;
  };
  const statusStyles = new Map<string, Partial<ExcelJS.Style>>();
  const statusStyle = (argb: string) => {
    let st = statusStyles.get(argb);
    if (!st)
      statusStyles.set(
        argb,
        (st = { ...plain[statusCol - 1], fill: { type: 'pattern', pattern: 'solid', fgColor: { argb } } }),
      );
    return st;
  };

  let idx = 0;
  for await (const r of rows) {
    const row = ws.getRow(3 + idx);
    for (let k = 0; k < n; k++) {
      const c = LEDGER_COLUMNS[k];
      const cell = row.getCell(k + 1);
      let value: ExcelJS.CellValue;
      let style = plain[k];
      switch (c.key) {
        case 'seq':
          value = idx + 1;
          break;
        case 'deadlineOn':
          value =
            r.deadlineKind === 'date' && r.deadlineOn
              ? dateCell(r.deadlineOn)
              : r.deadlineKind === 'date'
                ? ''
                : deadlineText(r);
          style = deadlineStyle(value instanceof Date, r.dueState === 'overdue');
          break;
        case 'status':
          value = LEDGER_STATUS_LABELS[r.status];
          style = statusStyle(statusFill(r));
          break;
        default:
          value = (r[c.key] as string | null) ?? '';
      }
      cell.value = typeof value === 'string' ? xmlSafe(value) : value;
      cell.style = style;
    }
    row.commit();
    idx++;
  }

  // The status drop-down on every data row and on blank rows for additions.
  const last = 2 + idx + (opts.extraRows ?? 100);
  const labels = LEDGER_STATUSES.map((st) => LEDGER_STATUS_LABELS[st]);
  const validation: ExcelJS.DataValidation = {
    type: 'list',
    allowBlank: true,
    formulae: [`"${labels.join(',')}"`],
    showErrorMessage: true,
    errorStyle: 'stop',
    errorTitle: '状态无效',
    error: `请从下拉列表中选择：${labels.join('、')}`,
    showInputMessage: true,
    promptTitle: '状态',
    prompt: labels.join(' / '),
  };
  (ws as unknown as { dataValidations: { add(address: string, v: ExcelJS.DataValidation): void } }).dataValidations.add(
    `${letter(statusCol)}3:${letter(statusCol)}${last}`,
    validation,
  );
  ws.autoFilter = { from: { row: 2, column: 1 }, to: { row: 2, column: n } };
  ws.commit();
  await wb.commit();
  return idx;
}
