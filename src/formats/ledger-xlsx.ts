/**
 * The rectification ledger as an Excel workbook (exceljs), in the customary layout:
 *
 *   row 1  merged title ("第一党支部2024年度整改台账"), 方正小标宋简体
 *   row 2  header: 序号 问题编号 来源 类别 问题描述 整改目标 整改措施 责任领导 责任部门 责任人 完成时限 状态
 *          整改进展 佐证材料 销号情况 延期情况 (frozen, repeated on every printed page)
 *   row 3… one item per row; status cells filled red (待整改, or overdue), yellow (整改中 / 待销号),
 *          green (已销号); a drop-down list on the status column; A4 landscape, fit to width.
 *
 * Import reads a filled-in sheet: the header row is found among the first rows and matched by name
 * (tolerant of spaces, line breaks, punctuation, notes in brackets and common synonyms such as
 * 责任单位 / 整改时限), then every row is checked. Problems come back row by row as
 * `{ row, column, code, message }` in Chinese; when there is any error nothing is returned to
 * import unless the caller passes `allowPartial` (then the good rows are returned).
 *
 * Uploads are hostile: the file size and the row count are bounded, and the zip's central
 * directory is read and every entry inflated with a hard output cap *before* exceljs sees the
 * bytes, so a zip bomb (even one whose headers lie about its sizes) is refused cheaply. Node only. */
export * from './ledger-xlsx-sheet.js';
export * from './ledger-xlsx-write.js';
export * from './ledger-xlsx-read.js';
