/**
 * Out-of-sample check of the import pipeline: pass rates per check family on the real openings
 * marked "holdout": true in their .json (pages found after the importer was tuned on the rest of
 * test/fixtures/real, with expectations committed before any parser run), next to the same rates
 * on the in-sample items, each over all items and over the genuine materials. Accuracy, not speed.
 *   npx tsx bench/import/real-holdout.ts
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import {
  checkItem,
  FAMILY_ROWS,
  loadItems,
  type CheckResult,
  type Family,
  type RealItem,
} from '../../test/real/checks.js';

const root = new URL('../../', import.meta.url);
const families = FAMILY_ROWS;
const flag = (item: RealItem, key: 'holdout' | 'genuine') => (item.meta as Record<string, unknown>)[key] === true;
/** Collected later than the rest, after the parser work on 051–068, by someone who never saw the parser. */
const batch = (item: RealItem) => (item.meta as Record<string, unknown>).batch;
const results = new Map(loadItems().map((item) => [item, checkItem(item)] as const));

function rate(rs: CheckResult[]): string {
  const passed = rs.filter((r) => r.pass).length;
  return rs.length ? `${passed}/${rs.length} ${(passed / rs.length).toFixed(3)}` : '-';
}
const subsets: Record<string, (item: RealItem) => boolean> = {
  'holdout all': (i) => flag(i, 'holdout'),
  'holdout genuine': (i) => flag(i, 'holdout') && flag(i, 'genuine'),
  'holdout 051–068': (i) => flag(i, 'holdout') && !batch(i),
  'fresh s13 all': (i) => batch(i) === 's13',
  'fresh s13 genuine': (i) => batch(i) === 's13' && flag(i, 'genuine'),
  'fresh s14 all': (i) => batch(i) === 's14',
  'fresh s14 genuine': (i) => batch(i) === 's14' && flag(i, 'genuine'),
  'in-sample all': (i) => !flag(i, 'holdout'),
  'in-sample genuine': (i) => !flag(i, 'holdout') && flag(i, 'genuine'),
};
const table: Record<string, Record<string, string>> = {};
const counts: Record<string, number> = {};
for (const [name, keep] of Object.entries(subsets)) {
  const chosen = [...results].filter(([item]) => keep(item));
  const rs = chosen.flatMap(([, r]) => r);
  counts[name] = chosen.length;
  for (const [fam, fs] of Object.entries(families))
    (table[fam] ??= {})[name] = rate(rs.filter((r) => fs.includes(r.family)));
  (table.overall ??= {})[name] = rate(rs);
  (table['items with every check passing'] ??= {})[name] =
    `${chosen.filter(([, r]) => r.every((x) => x.pass)).length}/${chosen.length}`;
}
const failing: Record<string, string[]> = {};
for (const [item, rs] of results)
  if (flag(item, 'holdout') && rs.some((r) => !r.pass))
    failing[item.file] = rs.filter((r) => !r.pass).map((r) => `${r.name}: ${r.detail}`);

console.log(
  Object.entries(counts)
    .map(([k, v]) => `${k}: ${v} items`)
    .join('; '),
);
console.table(table);
mkdirSync(new URL('bench/results/', root), { recursive: true });
writeFileSync(
  new URL('bench/results/import-real-holdout.json', root),
  JSON.stringify({ date: new Date().toISOString(), items: counts, table, failing }, null, 2) + '\n',
);
