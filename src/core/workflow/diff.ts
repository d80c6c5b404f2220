/**
 * Comparing two versions of a material, paragraph by paragraph, so that a reviewer sees what
 * the author changed between rounds. Paragraphs come from the canonical rendering
 * (core/material/render.ts), so structural edits (a moved aspect, a new measure) show as lines.
 *
 *   diffLines(['a','b','c'], ['a','c','d']) →
 *     [{op:'same',text:'a'}, {op:'del',text:'b'}, {op:'same',text:'c'}, {op:'add',text:'d'}]
 */
export type DiffOp = { op: 'same' | 'add' | 'del'; text: string };

/** LCS over lines; bounded: beyond ~4M cells the middle is reported as one replacement. */
export function diffLines(a: readonly string[], b: readonly string[]): DiffOp[] {
  let pre = 0;
  while (pre < a.length && pre < b.length && a[pre] === b[pre]) pre++;
  let suf = 0;
  while (suf < a.length - pre && suf < b.length - pre && a[a.length - 1 - suf] === b[b.length - 1 - suf]) suf++;
  const A = a.slice(pre, a.length - suf);
  const B = b.slice(pre, b.length - suf);
  const out: DiffOp[] = a.slice(0, pre).map((text) => ({ op: 'same', text }));
  if (A.length * B.length > 4_000_000) {
    out.push(...A.map((text) => ({ op: 'del' as const, text })), ...B.map((text) => ({ op: 'add' as const, text })));
  } else {
    const n = A.length;
    const m = B.length;
    const L = Array.from({ length: n + 1 }, () => new Uint32Array(m + 1));
    for (let i = n - 1; i >= 0; i--)
      for (let j = m - 1; j >= 0; j--)
        L[i][j] = A[i] === B[j] ? L[i + 1][j + 1] + 1 : Math.max(L[i + 1][j], L[i][j + 1]);
    let i = 0;
    let j = 0;
    while (i < n && j < m) {
      if (A[i] === B[j]) {
        out.push({ op: 'same', text: A[i] });
        i++;
        j++;
      } else if (L[i + 1][j] >= L[i][j + 1]) out.push({ op: 'del', text: A[i++] });
      else out.push({ op: 'add', text: B[j++] });
    }
    while (i < n) out.push({ op: 'del', text: A[i++] });
    while (j < m) out.push({ op: 'add', text: B[j++] });
  }
  out.push(...a.slice(a.length - suf).map((text) => ({ op: 'same' as const, text })));
  return out;
}

export function diffStats(ops: readonly DiffOp[]): { added: number; deleted: number; same: number } {
  let added = 0,
    deleted = 0,
    same = 0;
  for (const o of ops) o.op === 'add' ? added++ : o.op === 'del' ? deleted++ : same++;
  return { added, deleted, same };
}
