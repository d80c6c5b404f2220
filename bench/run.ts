/**
 * `npm run bench`: every benchmark, one after the other, each in its own process so that one's
 * heap does not disturb the next. Pass --quick for a short run; --only NAME to run one.
 * Results land in bench/results/*.json; each benchmark prints ratios against a baseline measured
 * in the same run.
 */
import { existsSync } from 'node:fs';
import { spawnSync } from 'node:child_process';

const quick = process.argv.includes('--quick');
const onlyIdx = process.argv.indexOf('--only');
const only = onlyIdx > 0 ? process.argv[onlyIdx + 1] : null;
const benches: { name: string; file: string; args: string[] }[] = [
  { name: 'import', file: 'bench/import/run.ts', args: quick ? ['--quick'] : [] },
  { name: 'import-real', file: 'bench/import/real.ts', args: [] },
  { name: 'lint', file: 'bench/lint/run.ts', args: quick ? ['--quick'] : [] },
  { name: 'similarity', file: 'bench/similarity/run.ts', args: quick ? ['--quick'] : ['--n', '10000'] },
  { name: 'load', file: 'bench/load/run.ts', args: quick ? ['--quick'] : [] },
  { name: 'web', file: 'bench/web/run.ts', args: quick ? ['--quick'] : [] },
  { name: 'ledger', file: 'bench/ledger/run.ts', args: quick ? ['--quick'] : [] },
  { name: 'stall', file: 'bench/stall/run.ts', args: quick ? ['--quick'] : [] },
];
let failed = 0;
for (const b of benches) {
  if (only && b.name !== only) continue;
  if (!existsSync(b.file)) {
    console.log(`\n== ${b.name}: (not present yet: ${b.file})`);
    continue;
  }
  console.log(`\n== ${b.name}`);
  const r = spawnSync(process.execPath, ['--import', 'tsx', b.file, ...b.args], { stdio: 'inherit' });
  if (r.status !== 0) failed++;
}
process.exit(failed ? 1 : 0);
