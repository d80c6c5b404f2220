/**
 * How much of the real-materials collection (test/fixtures/real) the import pipeline gets right:
 * pass rates per check family (title, furniture removed, fragments kept, part counts, aspect
 * mapping, placeholders kept, nothing removed unreported) and overall. Accuracy, not speed.
 *   npx tsx bench/import/real.ts
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { checkItem, loadItems, type CheckResult, type Family } from '../../test/real/checks.js';

const root = new URL('../../', import.meta.url);
const items = loadItems();
const perFile: Record<string, string[]> = {};
const all: CheckResult[] = [];
for (const item of items) {
  const rs = checkItem(item);
  all.push(...rs);
  const failing = rs.filter((r) => !r.pass).map((r) => r.name);
  if (failing.length) perFile[item.file] = failing;
}

const rate = (rs: CheckResult[]) => ({
  passed: rs.filter((r) => r.pass).length,
  total: rs.length,
  rate: rs.length ? +(rs.filter((r) => r.pass).length / rs.length).toFixed(3) : null,
});
const groups: Record<string, Family[]> = {
  title: ['title'],
  furniture: ['furniture'],
  keep: ['keep'],
  counts: ['problems', 'causes', 'measures'],
  '  problems': ['problems'],
  '  causes': ['causes'],
  '  measures': ['measures'],
  aspects: ['aspects'],
  placeholders: ['placeholders'],
  'removed-only': ['removed-only'],
};
const rows: Record<string, unknown>[] = [];
for (const [name, fams] of Object.entries(groups))
  rows.push({ check: name, ...rate(all.filter((r) => fams.includes(r.family))) });
rows.push({ check: 'overall', ...rate(all) });
const clean = items.length - Object.keys(perFile).length;
rows.push({
  check: 'items with every check passing',
  passed: clean,
  total: items.length,
  rate: +(clean / items.length).toFixed(3),
});

console.log(`${items.length} real openings from ${new Set(items.map((i) => i.meta.site)).size} sites`);
console.table(rows);
mkdirSync(new URL('bench/results/', root), { recursive: true });
writeFileSync(
  new URL('bench/results/import-real.json', root),
  JSON.stringify({ date: new Date().toISOString(), items: items.length, rows, failing: perFile }, null, 2) + '\n',
);
