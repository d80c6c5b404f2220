import { existsSync, mkdtempSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { deflateRawSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import {
  exportLedgerXlsx,
  importLedgerXlsx,
  inspectXlsxZip,
  LEDGER_COLUMNS,
  parseDeadline,
  type LedgerExportRow,
} from './ledger-xlsx.js';
import { findSoffice, hasSoffice, pdfToText, sofficeConvert } from './legacy.js';

/** Spreadsheets need LibreOffice Calc (Debian: libreoffice-calc-nogui), not only Writer. */
function hasCalc(): boolean {
  const s = findSoffice();
  if (!s) return false;
  try {
    const dir = dirname(realpathSync(s));
    return existsSync(join(dir, '..', 'share', 'registry', 'calc.xcd'));
  } catch {
    return false;
  }
}
// In CI a missing Calc is an error (the acceptance test must run); elsewhere the test is skipped.
const runLibreOffice = hasSoffice() && (hasCalc() || !!process.env.CI);

const ROWS: LedgerExportRow[] = [
  {
    number: '2024-第一党支部-001',
    source: '对照检查',
    aspect: '理论学习',
    problem: '理论学习不深不透，学用结合不够紧密',
    target: '学深悟透',
    measures: '每月集中学习一次；\n撰写心得体会',
    leaderName: '王书记',
    department: '办公室',
    ownerName: '李明',
    deadlineKind: 'date',
    deadlineOn: '2024-06-30',
    status: 'in_progress',
    progress: '已学习 3 次',
    evidence: '学习记录.pdf',
    closure: null,
    dueState: 'overdue',
  },
  {
    number: '2024-第一党支部-002',
    source: '征求意见',
    aspect: '工作作风',
    problem: '会议多、文件多，基层负担重',
    target: null,
    measures: '精简会议文件',
    leaderName: null,
    department: null,
    ownerName: null,
    deadlineKind: 'immediate',
    deadlineOn: null,
    status: 'pending',
    progress: null,
    evidence: null,
    closure: null,
  },
  {
    number: '2024-第一党支部-003',
    source: '相互批评',
    aspect: null,
    problem: '批评与自我批评不敢动真碰硬，"辣味"不足',
    target: null,
    measures: null,
    leaderName: null,
    department: null,
    ownerName: '张华',
    deadlineKind: 'ongoing',
    deadlineOn: null,
    status: 'awaiting_close',
    progress: null,
    evidence: null,
    closure: '已申请销号',
  },
  {
    number: '2024-第一党支部-004',
    source: '上级点评',
    aspect: '廉洁自律',
    problem: '对身边人员要求不严',
    target: null,
    measures: '签订承诺书',
    leaderName: null,
    department: '纪检组',
    ownerName: '赵强',
    deadlineKind: 'date',
    deadlineOn: '2024-03-31',
    status: 'closed',
    progress: '已完成',
    evidence: '承诺书.jpg',
    closure: '2024年4月2日 王督导 审核销号',
  },
];

const tmp = mkdtempSync(join(tmpdir(), 'jianshi-ledger-xlsx-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('ledger .xlsx export', () => {
  it('writes the customary layout: merged title, header, fills, drop-down, frozen header, A4 landscape', async () => {
    const buf = await exportLedgerXlsx(ROWS, { title: '第一党支部2024年度整改台账' });
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(buf as unknown as ArrayBuffer);
    const ws = wb.worksheets[0];
    expect(ws.getCell('A1').value).toBe('第一党支部2024年度整改台账');
    expect(ws.getCell('O1').isMerged).toBe(true);
    expect(ws.getRow(2).values).toEqual([undefined, ...LEDGER_COLUMNS.map((c) => c.header)]);
    expect(LEDGER_COLUMNS.map((c) => c.header).join('/')).toBe(
      '序号/问题编号/来源/类别/问题描述/整改目标/整改措施/责任领导/责任部门/责任人/完成时限/状态/整改进展/佐证材料/销号情况/延期情况',
    );
    expect(ws.views[0]).toMatchObject({ state: 'frozen', ySplit: 2 });
    expect(ws.pageSetup).toMatchObject({ paperSize: 9, orientation: 'landscape', fitToWidth: 1 });
    const fill = (r: number) => ((ws.getCell(r, 12).fill as ExcelJS.FillPattern).fgColor as { argb: string }).argb;
    expect([3, 4, 5, 6].map((r) => ws.getCell(r, 12).value)).toEqual(['整改中', '待整改', '待销号', '已销号']);
    expect([fill(3), fill(4), fill(5), fill(6)]).toEqual(['FFFFC7CE', 'FFFFC7CE', 'FFFFEB9C', 'FFC6EFCE']); // overdue red, pending red, yellow, green
    const dv = ws.getCell('L3').dataValidation;
    expect(dv).toMatchObject({ type: 'list', formulae: ['"待整改,整改中,待销号,已销号"'] });
    expect(ws.getCell('L50').dataValidation?.type).toBe('list'); // blank rows for additions too
    expect(ws.getCell('K3').value).toBeInstanceOf(Date);
    expect(ws.getCell('K4').value).toBe('立行立改');
    expect(ws.getCell('K5').value).toBe('长期坚持');
  });

  it('export → import yields the same items', async () => {
    const buf = await exportLedgerXlsx(ROWS, { title: '台账' });
    const r = await importLedgerXlsx(buf);
    expect(r.errors).toEqual([]);
    expect(r.title).toBe('台账');
    expect(r.rows.map(({ row: _row, ...x }) => x)).toEqual(ROWS.map(({ dueState: _d, ...x }) => x));
    expect(r.rows.map((x) => x.row)).toEqual([3, 4, 5, 6]);
  });

  it('the 延期情况 column is written last and ignored on import (an exported ledger imports as before)', async () => {
    const text = '2024年7月3日同意延期：2024年6月30日 → 2024年9月30日';
    const buf = await exportLedgerXlsx(
      ROWS.map((r, k) => ({ ...r, extension: k === 0 ? text : null })),
      { title: '台账' },
    );
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(buf as unknown as ArrayBuffer);
    expect(wb.worksheets[0].getCell(2, LEDGER_COLUMNS.length).value).toBe('延期情况');
    expect(wb.worksheets[0].getCell(3, LEDGER_COLUMNS.length).value).toBe(text);
    const r = await importLedgerXlsx(buf);
    expect(r.errors).toEqual([]);
    expect(r.rows.map(({ row: _row, ...x }) => x)).toEqual(ROWS.map(({ dueState: _d, ...x }) => x));
  });

  it.skipIf(!runLibreOffice)(
    'LibreOffice headless converts the export to CSV and PDF',
    async () => {
      const file = join(tmp, 'ledger.xlsx');
      writeFileSync(file, await exportLedgerXlsx(ROWS, { title: '第一党支部2024年度整改台账' }));
      const csv = await sofficeConvert(file, 'csv:Text - txt - csv (StarCalc):44,34,76', join(tmp, 'csv'), {
        timeoutMs: 120_000,
      });
      const text = readFileSync(csv, 'utf8');
      expect(text).toContain('第一党支部2024年度整改台账');
      expect(text).toContain('2024-第一党支部-003');
      expect(text).toContain('已销号');
      expect(text.split('\n').filter((l) => /2024-第一党支部-00\d/.test(l))).toHaveLength(4);
      const pdf = await sofficeConvert(file, 'pdf', join(tmp, 'pdf'), { timeoutMs: 120_000 });
      expect(readFileSync(pdf).subarray(0, 5).toString()).toBe('%PDF-');
      const pdfText = pdfToText(pdf);
      if (pdfText !== null) expect(pdfText.replace(/\s/g, '')).toContain('问题描述');
    },
    240_000,
  );
});

describe('ledger .xlsx import', () => {
  const filled = readFileSync(new URL('../../test/fixtures/ledger/filled-in.xlsx', import.meta.url));

  it('matches a real-world header by name and reports errors row by row, in Chinese', async () => {
    const r = await importLedgerXlsx(filled);
    expect(r.title).toBe('机关第二党支部2024年度组织生活会问题整改清单');
    expect(r.total).toBe(6);
    expect(r.blocked).toBe(true);
    expect(r.rows).toEqual([]);
    const codes = r.errors.map((e) => [e.row, e.column, e.code]);
    expect(codes).toEqual([
      [8, '问题描述', 'E_REQUIRED'],
      [8, '来源', 'E_BAD_SOURCE'],
      [8, '状态', 'E_BAD_STATUS'],
      [8, '完成时限', 'E_BAD_DEADLINE'],
      [9, '完成时限', 'E_BAD_DEADLINE'],
      [9, '问题编号', 'E_DUPLICATE_NUMBER'],
    ]);
    expect(r.errors[0].message).toBe('第 8 行“问题描述”：问题描述不能为空');
    expect(r.errors.find((e) => e.code === 'E_DUPLICATE_NUMBER')?.message).toContain('与第 4 行重复');
    expect(r.errors.find((e) => e.row === 9 && e.code === 'E_BAD_DEADLINE')?.message).toContain('不是有效日期');
    expect(r.warnings.map((w) => w.code)).toContain('W_OVERDUE_STATUS');
    expect(r.rejected).toBe(2);
  });

  it('imports the good rows only when allowPartial is given', async () => {
    const r = await importLedgerXlsx(filled, { allowPartial: true });
    expect(r.blocked).toBe(false);
    expect(r.rows.map((x) => x.row)).toEqual([4, 5, 6, 7]);
    expect(r.rows[0]).toMatchObject({
      number: '2024-机关第二党支部-001',
      source: '征求意见',
      aspect: '工作作风',
      department: '办公室',
      ownerName: '李明',
      deadlineKind: 'date',
      deadlineOn: '2024-06-30',
      status: 'in_progress',
      target: '每季度至少下基层调研一次',
    });
    expect(r.rows[1]).toMatchObject({ source: '相互批评', deadlineKind: 'immediate', status: 'pending' });
    expect(r.rows[2]).toMatchObject({ number: null, source: '自查', deadlineKind: 'ongoing', status: 'closed' });
    expect(r.rows[3]).toMatchObject({ source: '巡视巡察', deadlineOn: '2024-09-30', status: 'in_progress' });
  });

  it('reads deadlines as people write them', () => {
    expect(parseDeadline('2024年6月30日前')).toEqual({ kind: 'date', on: '2024-06-30' });
    expect(parseDeadline('2024/6/3')).toEqual({ kind: 'date', on: '2024-06-03' });
    expect(parseDeadline('2024年6月底前')).toEqual({ kind: 'date', on: '2024-06-30' });
    expect(parseDeadline(45473)).toEqual({ kind: 'date', on: '2024-06-30' });
    expect(parseDeadline(new Date('2024-06-30T00:00:00Z'))).toEqual({ kind: 'date', on: '2024-06-30' });
    expect(parseDeadline('立行立改')).toEqual({ kind: 'immediate', on: null });
    expect(parseDeadline('长期坚持')).toEqual({ kind: 'ongoing', on: null });
    expect(parseDeadline('')).toEqual({ kind: 'date', on: null });
    expect(parseDeadline('尽快')).toHaveProperty('error');
  });

  it('refuses deadlines that name a date that does not exist', () => {
    for (const t of [
      '2024年13月底前',
      '2024年0月底前',
      '2024年2月30日前',
      '2023年2月29日前',
      '2024-13-45',
      '2024年12月32日',
    ])
      expect(parseDeadline(t), t).toHaveProperty('error');
    expect(parseDeadline(new Date(Number.NaN))).toHaveProperty('error');
    expect(parseDeadline('2024年2月29日前')).toEqual({ kind: 'date', on: '2024-02-29' });
  });

  it('refuses sheets without a header, with too many rows, or empty', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('x');
    ws.addRow(['a', 'b', 'c']);
    ws.addRow([1, 2, 3]);
    const noHeader = await importLedgerXlsx(Buffer.from((await wb.xlsx.writeBuffer()) as ArrayBuffer));
    expect(noHeader.errors[0]).toMatchObject({ row: 0, code: 'E_NO_HEADER' });
    const many = await exportLedgerXlsx(
      Array.from({ length: 30 }, (_, i) => ({ ...ROWS[1], number: `n${i}` })),
      { title: 't' },
    );
    expect((await importLedgerXlsx(many, { maxRows: 10 })).errors[0].code).toBe('E_TOO_MANY_ROWS');
    const none = await importLedgerXlsx(await exportLedgerXlsx([], { title: 't' }));
    expect(none.errors[0].code).toBe('E_EMPTY');
  });
});

// ---------------------------------------------------------------- hostile files

/** A zip written by hand, so that the headers can lie. */
function zip(entries: { name: string; data: Buffer; method: 0 | 8; usize: number }[]): Buffer {
  const locals: Buffer[] = [];
  const cds: Buffer[] = [];
  let offset = 0;
  for (const e of entries) {
    const name = Buffer.from(e.name);
    const lh = Buffer.alloc(30);
    lh.writeUInt32LE(0x04034b50, 0);
    lh.writeUInt16LE(20, 4);
    lh.writeUInt16LE(e.method, 8);
    lh.writeUInt32LE(e.data.length, 18);
    lh.writeUInt32LE(e.usize, 22);
    lh.writeUInt16LE(name.length, 26);
    const cd = Buffer.alloc(46);
    cd.writeUInt32LE(0x02014b50, 0);
    cd.writeUInt16LE(20, 4);
    cd.writeUInt16LE(20, 6);
    cd.writeUInt16LE(e.method, 10);
    cd.writeUInt32LE(e.data.length, 20);
    cd.writeUInt32LE(e.usize, 24);
    cd.writeUInt16LE(name.length, 28);
    cd.writeUInt32LE(offset, 42);
    locals.push(lh, name, e.data);
    cds.push(cd, name);
    offset += lh.length + name.length + e.data.length;
  }
  const cd = Buffer.concat(cds);
  const eocd = Buffer.alloc(22);
  eocd.writeUInt32LE(0x06054b50, 0);
  eocd.writeUInt16LE(entries.length, 8);
  eocd.writeUInt16LE(entries.length, 10);
  eocd.writeUInt32LE(cd.length, 12);
  eocd.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, cd, eocd]);
}

describe('hostile .xlsx files', () => {
  const zeros = Buffer.alloc(50 * 1024 * 1024);
  const packed = deflateRawSync(zeros);

  it('refuses a zip whose entry lies about its size (inflated with a cap, never fully)', async () => {
    const liar = zip([{ name: 'xl/workbook.xml', data: packed, method: 8, usize: 1000 }]);
    expect(() => inspectXlsxZip(liar)).toThrow(expect.objectContaining({ code: 'E_TOO_LARGE' }));
    await expect(importLedgerXlsx(liar)).rejects.toMatchObject({
      code: 'E_TOO_LARGE',
      message: expect.stringContaining('解压后体积异常'),
    });
  });
  it('refuses a zip that declares too much or expands too much', () => {
    const honest = zip([{ name: 'xl/workbook.xml', data: packed, method: 8, usize: zeros.length }]);
    expect(() => inspectXlsxZip(honest)).toThrow(expect.objectContaining({ code: 'E_TOO_LARGE' })); // ratio ≈ 1000
    expect(() => inspectXlsxZip(honest, { maxExpandedBytes: 1024 })).toThrow(
      expect.objectContaining({ code: 'E_TOO_LARGE' }),
    );
  });
  it('refuses files that are not workbooks, legacy .xls, and oversize uploads', async () => {
    await expect(importLedgerXlsx(Buffer.from('序号,问题描述\n1,x\n'))).rejects.toMatchObject({
      code: 'E_UNSUPPORTED_FORMAT',
    });
    const ole = Buffer.alloc(600);
    Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]).copy(ole);
    await expect(importLedgerXlsx(ole)).rejects.toMatchObject({
      code: 'E_UNSUPPORTED_FORMAT',
      message: expect.stringContaining('.xls'),
    });
    const notXlsx = zip([{ name: 'word/document.xml', data: Buffer.from('<w/>'), method: 0, usize: 4 }]);
    await expect(importLedgerXlsx(notXlsx)).rejects.toMatchObject({ code: 'E_UNSUPPORTED_FORMAT' });
    await expect(importLedgerXlsx(Buffer.alloc(2048), { maxBytes: 1024 })).rejects.toMatchObject({
      code: 'E_TOO_LARGE',
    });
    const truncated = (await exportLedgerXlsx(ROWS, { title: 't' })).subarray(0, 3000);
    await expect(importLedgerXlsx(truncated)).rejects.toMatchObject({ code: 'E_UNSUPPORTED_FORMAT' });
  });
  it('accepts our own export', async () => {
    const info = inspectXlsxZip(await exportLedgerXlsx(ROWS, { title: 't' }));
    expect(info.entries).toBeGreaterThan(5);
  });
});
