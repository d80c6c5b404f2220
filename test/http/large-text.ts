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
