/**
 * Traditional → simplified, one character for one (so offsets stay the same): headings, part
 * names and aspects of a 繁体 page are recognised in simplified form while the text is kept as
 * written. The table is the one 查重 uses (generated from opencc-js).
 */
import { T2S_FROM, T2S_TO } from '../similarity/t2s-data.js';

let table: Map<string, string> | null = null;

function map(): Map<string, string> {
  if (!table) {
    table = new Map();
    const from = [...T2S_FROM];
    const to = [...T2S_TO];
    from.forEach((c, i) => {
      if (to[i] && c.length === to[i].length) table!.set(c, to[i]);
    });
  }
  return table;
}

/** The text with traditional characters replaced by simplified ones; same length, same offsets. */
let any: RegExp | null = null;

export function toSimplified(s: string): string {
  const m = map();
  any ??= new RegExp(`[${[...m.keys()].join('')}]`);
  if (!any.test(s)) return s;
  let out = '';
  for (const c of s) out += m.get(c) ?? c;
  return out;
}

/** Whether the text has traditional characters (more than a stray one). */
export function isTraditional(s: string): boolean {
  const m = map();
  let n = 0;
  for (const c of s) if (m.has(c) && ++n >= 3) return true;
  return false;
}
