/**
 * How much of the real-materials collection (test/fixtures/real) the import pipeline gets right:
 * pass rates per check family (title, furniture removed, fragments kept, part counts, aspect
 * mapping, placeholders kept, nothing removed unreported) and overall, over all items and over the
 * items marked "genuine": true in their .json (an actual 对照检查 / 检视剖析 / 党性分析 material, not a
 * template-site article, speech or research report). Accuracy, not speed.
 *   npx tsx bench/import/real.ts
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { checkItem, FAMILY_ROWS, loadItems, type CheckResult, type Family } from '../../test/real/checks.js';

const root = new URL('../../', import.meta.url);
const items = loadItems();
const perFile: Record<string, string[]> = {};
const all: CheckResult[] = [];
const genuine: CheckResult[] = [];
const isGenuine = (item: (typeof items)[number]) => (item.meta as { genuine?: boolean }).genuine === true;
for (const item of items) {
  const rs = checkItem(item);
  all.push(...rs);
  if (isGenuine(item)) genuine.push(...rs);
  const failing = rs.filter((r) => !r.pass).map((r) => r.name);
  if (failing.length) perFile[item.file] = failing;
}
const genuineItems = items.filter(isGenuine);

const rate = (rs: CheckResult[]) => ({
  passed: rs.filter((r) => r.pass).length,
  total: rs.length,
  rate: rs.length ? +(rs.filter((r) => r.pass).length / rs.length).toFixed(3) : null,
});
const groups = FAMILY_ROWS;
function table(rs: CheckResult[], subset: typeof items): Record<string, unknown>[] {
  const rows: Record<string, unknown>[] = [];
  for (const [name, fams] of Object.entries(groups))
    rows.push({ check: name, ...rate(rs.filter((r) => fams.includes(r.family))) });
  rows.push({ check: 'overall', ...rate(rs) });
  const clean = subset.filter((i) => !perFile[i.file]).length;
  rows.push({
    check: 'items with every check passing',
    passed: clean,
    total: subset.length,
    rate: subset.length ? +(clean / subset.length).toFixed(3) : null,
  });
  return rows;
}
const rows = table(all, items);
const genuineRows = table(genuine, genuineItems);

console.log(`${items.length} real openings from ${new Set(items.map((i) => i.meta.site)).size} sites`);
console.table(rows);
console.log(`genuine materials only: ${genuineItems.length} of ${items.length} openings`);
console.table(genuineRows);
mkdirSync(new URL('bench/results/', root), { recursive: true });
writeFileSync(
  new URL('bench/results/import-real.json', root),
  JSON.stringify(
    {
      date: new Date().toISOString(),
      items: items.length,
      rows,
      genuineItems: genuineItems.length,
      genuineRows,
      failing: perFile,
    },
    null,
    2,
  ) + '\n',
);
