/**
 * Golden files: every fixture under test/fixtures/materials (and the .docx fixtures) is imported
 * end to end and compared with its reviewed expectation in test/golden/expected/<name>.json.
 * After a deliberate change of the parser, regenerate with UPDATE_GOLDEN=1 and review the diff.
 */
import { describe, expect, it } from 'vitest';
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { importFile } from '../../src/formats/import.js';
import { contentOf } from '../../src/core/material/model.js';

const root = new URL('../../', import.meta.url).pathname;
const dirs = [join(root, 'test/fixtures/materials'), join(root, 'test/fixtures/docx')];
const expectedDir = join(root, 'test/golden/expected');
const files = dirs.flatMap((d) =>
  existsSync(d)
    ? readdirSync(d)
        .filter((f) => /\.(txt|docx)$/.test(f))
        .map((f) => join(d, f))
    : [],
);

describe('golden files', () => {
  it('has fixtures', () => expect(files.length).toBeGreaterThanOrEqual(10));
  for (const file of files) {
    it(basename(file), async () => {
      const m = await importFile(new Uint8Array(readFileSync(file)), file);
      const got = {
        encoding: m.encoding,
        framework: m.framework,
        ...contentOf(m),
        deadlines: m.measures.map((x) => x.deadlineDate),
        removed: m.removed,
        warnings: m.warnings.map((w) => w.code),
      };
      const target = join(expectedDir, basename(file) + '.json');
      if (process.env.UPDATE_GOLDEN || !existsSync(target)) {
        if (process.env.CI && !process.env.UPDATE_GOLDEN) throw new Error(`missing golden file ${target}`);
        mkdirSync(expectedDir, { recursive: true });
        writeFileSync(target, JSON.stringify(got, null, 2) + '\n');
      }
      expect(got).toEqual(JSON.parse(readFileSync(target, 'utf8')));
    });
  }
});
