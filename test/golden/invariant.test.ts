/**
 * Nothing that belongs to the material is removed: on every fixture (and the sample), the cleaned
 * text equals the input minus what `removed` reports (see src/core/text/invariant.ts).
 */
import { describe, expect, it } from 'vitest';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { decodeText } from '../../src/core/text/decode.js';
import { cleanText, stripMarkup } from '../../src/core/text/clean.js';
import { checkRemovals } from '../../src/core/text/invariant.js';

const root = new URL('../../', import.meta.url).pathname;
const dirs = ['test/fixtures/materials', 'test/fixtures/good', 'test/fixtures/real'].map((d) => join(root, d));
const files = [
  join(root, 'test/fixtures/sample-2023.txt'),
  ...dirs.flatMap((d) =>
    existsSync(d)
      ? readdirSync(d, { recursive: true })
          .map(String)
          .filter((f) => f.endsWith('.txt'))
          .map((f) => join(d, f))
      : [],
  ),
];

describe('the cleaned text is the input minus what removed reports', () => {
  for (const file of files) {
    it(file.slice(root.length), () => {
      const raw = decodeText(new Uint8Array(readFileSync(file))).text;
      const c = cleanText(raw);
      const r = checkRemovals(stripMarkup(raw), c.text, c.removed);
      expect(r.unexplained).toEqual([]);
      expect(r.inserted).toEqual([]);
    });
  }
});
