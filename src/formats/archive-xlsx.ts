/**
 * A table of the meeting archive (谈心谈话登记表, 征求意见汇总表, 民主评议结果) as an Excel workbook,
 * in the layout of the ledger export (ledger-xlsx.ts): merged title in 方正小标宋简体, a frozen
 * header row in 黑体 on grey repeated on every printed page, thin borders, A4 landscape fitted to
 * the width, "第 n 页，共 m 页" in the footer; notes (totals) under the table.
 *
 *   const bytes = await archiveSheetToXlsx(opinionSummarySheet(input));
 */
import ExcelJS from 'exceljs';
import type { ArchiveSheet } from '../core/meeting/archive.js';
import { xmlSafe } from '../core/text/xml-safe.js';
import { officialSheet } from './xlsx-layout.js';

const THIN = { style: 'thin' as const, color: { argb: 'FF808080' } };
const BORDER = { top: THIN, left: THIN, bottom: THIN, right: THIN };

export async function archiveSheetToXlsx(sheet: ArchiveSheet, opts: { creator?: string } = {}): Promise<Uint8Array> {
  const wb = new ExcelJS.Workbook();
  wb.creator = opts.creator ?? '检视 Jianshi';
  // Fixed dates: the same data gives the same workbook.
  wb.created = new Date(0);
  wb.modified = new Date(0);
  const n = Math.max(1, sheet.columns.length);
  const ws = wb.addWorksheet(sheet.sheetName.slice(0, 31), officialSheet());
  ws.columns = sheet.columns.map((c) => ({ width: c.width }));

  ws.mergeCells(1, 1, 1, n);
  const title = ws.getCell(1, 1);
  title.value = xmlSafe(sheet.title);
  title.font = { name: '方正小标宋简体', size: 18 };
  title.alignment = { horizontal: 'center', vertical: 'middle', wrapText: true };
  ws.getRow(1).height = 36;

  const header = ws.getRow(2);
  sheet.columns.forEach((c, i) => {
    const cell = header.getCell(i + 1);
    cell.value = c.header;
    cell.font = { name: '黑体', size: 11, bold: true };
    cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFD9D9D9' } };
    cell.alignment = { horizontal: 'center', vertical: 'middle', wrapText: true };
    cell.border = BORDER;
  });
  header.height = 28;

  const font = { name: '宋体', size: 10 };
  // Narrow columns (序号, 姓名, 等次, 条数) centred; text columns wrap flush left.
  const center = sheet.columns.map((c) => c.width <= 14);
  sheet.rows.forEach((r, k) => {
    const row = ws.getRow(3 + k);
    for (let i = 0; i < n; i++) {
      const cell = row.getCell(i + 1);
      const v = r[i] ?? '';
      cell.value = typeof v === 'string' ? xmlSafe(v) : v;
      cell.font = font;
      cell.border = BORDER;
      cell.alignment = center[i]
        ? { horizontal: 'center', vertical: 'top', wrapText: true }
        : { vertical: 'top', wrapText: true };
    }
  });
  let at = 3 + sheet.rows.length;
  if (!sheet.rows.length) {
    ws.mergeCells(at, 1, at, n);
    const c = ws.getCell(at, 1);
    c.value = '（无）';
    c.alignment = { horizontal: 'center' };
    c.font = font;
    at++;
  }
  for (const note of sheet.notes) {
    ws.mergeCells(at, 1, at, n);
    const c = ws.getCell(at, 1);
    c.value = xmlSafe(note);
    c.font = font;
    c.alignment = { wrapText: true };
    at++;
  }
  if (sheet.rows.length) ws.autoFilter = { from: { row: 2, column: 1 }, to: { row: 2, column: n } };
  const buf = await wb.xlsx.writeBuffer();
  return new Uint8Array(buf as ArrayBuffer);
}
