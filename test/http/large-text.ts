/** A material text as long as one JSON save may carry (event-loop.test.ts, bench/stall). */
import { readFileSync } from 'node:fs';
import { JSON_BODY_LIMIT } from '../../src/server/app.js';

export const SAMPLE_TEXT = readFileSync(new URL('../fixtures/sample-2023.txt', import.meta.url), 'utf8');

/** Varied copies of the sample (so that 查重 has real work), as many as fit in the JSON body limit. */
export function maximumText(): string {
  const parts: string[] = [];
  let chars = 0;
  for (let i = 0; ; i++) {
    const p = SAMPLE_TEXT.replace(/学习/g, `学习${i}`).replace(/问题/g, `问题${i % 97}`);
    // JSON of CJK text: 3 bytes a character; keep the whole body under the limit.
    if ((chars + p.length + 1) * 3 + 4096 > JSON_BODY_LIMIT) break;
    parts.push(p);
    chars += p.length + 1;
  }
  return parts.join('\n');
}

/**
 * A long material of the sample's shape: its fifteen items, each followed by `copies` varied
 * paragraphs of its own text (unnumbered, so they stay in that item). Unlike copies of the whole
 * sample (each adds five measures), it stays within the item limits of a material (LIMITS.material).
 */
export function longItemsText(copies: number): string {
  return SAMPLE_TEXT.replace(/稿子铺整理|##paid\w+##/g, '')
    .split('\n')
    .flatMap((line) => {
      const m = /^（[一二三四五六七八九十]+）(.*)$/.exec(line);
      if (!m) return [line];
      const body = m[1];
      return [
        line,
        ...Array.from({ length: copies }, (_, i) =>
          body.replace(/学习/g, `学习${i}`).replace(/问题/g, `问题${i % 97}`),
        ),
      ];
    })
    .join('\n');
}
