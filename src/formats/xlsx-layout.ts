/**
 * The page layout every table people hand in shares (整改台账, 征求意见汇总表, 民主评议结果, 谈话登记表):
 * A4 landscape fitted to the width, title and header rows repeated on every printed page and frozen
 * on screen, 第 N 页 in the footer.
 */
import type ExcelJS from 'exceljs';

/** A fresh object per sheet (exceljs keeps references to what it is given). */
export const officialSheet = (): Partial<ExcelJS.AddWorksheetOptions> => ({
  views: [{ state: 'frozen', ySplit: 2, xSplit: 0, topLeftCell: 'A3', activeCell: 'A3' }],
  pageSetup: {
    paperSize: 9,
    orientation: 'landscape',
    fitToPage: true,
    fitToWidth: 1,
    fitToHeight: 0,
    horizontalCentered: true,
    printTitlesRow: '1:2',
    margins: { left: 0.4, right: 0.4, top: 0.6, bottom: 0.6, header: 0.3, footer: 0.3 },
  },
  headerFooter: { oddFooter: '第 &P 页，共 &N 页' },
});
