/**
 * The CPU-heavy steps of a request — parsing a material (text, structured content or a file),
 * the quality checks (lint) and building a 查重 document — as one function of plain data, so that
 * the same code runs on the request thread (small inputs) and in a worker of the compute pool
 * (large ones): the results are identical by construction. Everything here is a call into the
 * pure core (or the bytes-only .docx reader); no I/O, no database, no child processes.
 */
import {
  contentOf,
  toJSON,
  type Material,
  type MaterialContent,
  type StructureFix,
} from '../../core/material/model.js';
import { applyFixes, describeFix } from '../../core/material/restructure.js';
import { digestOf } from '../../storage/digest.js';
import { materialFromText, type ImportOptions } from '../../core/material/pipeline.js';
import { renderText } from '../../core/material/render.js';
import { lint } from '../../core/lint/index.js';
import type { Finding, LintContext } from '../../core/lint/types.js';
import { indexDocument } from '../../core/similarity/engine.js';
import type { DocMeta, IndexedDoc } from '../../core/similarity/port.js';
import { assertPlausibleConversion, importFile } from '../../formats/import.js';

export type Task =
  /** Pasted text → Material. */
  | { op: 'text'; text: string; opts: ImportOptions }
  /** Structured content → canonical text → Material, keeping the author's aspects where the shapes agree. */
  | { op: 'content'; content: MaterialContent; opts: ImportOptions }
  /**
   * An uploaded file (never a legacy .doc: those are converted to .docx on the main thread's
   * conversion queue first, and `converted` says so — their text is then checked for plausibility).
   */
  | { op: 'file'; bytes: Uint8Array; fileName?: string; opts: ImportOptions; converted?: boolean }
  /** Quality checks of a material (LintContext without functions: it crosses a thread). */
  | { op: 'lint'; material: Material; ctx: Omit<LintContext, 'commonPhrases'> }
  /** A 查重 document. */
  | { op: 'index'; name: string; text: string; meta: DocMeta }
  /**
   * What a save stores: the Material of `input` with its digests — the version's (of its content),
   * and the audit's of the stored JSON after and of `before` (the previous version) — so that
   * hashing megabytes of JSON does not happen on the request thread either. `fixes`: the author's
   * corrections of the structure in the previous version, replayed on a new parse of a file or text.
   */
  | { op: 'prepare'; input: ModelTask; before?: unknown; fixes?: readonly StructureFix[] };

type ModelTask = Extract<Task, { op: 'text' | 'content' | 'file' }>;

export interface Prepared {
  model: Material;
  /** digestOf(contentOf(model)): the version's digest. */
  digest: string;
  /** digestOf(storedJson(model)) and digestOf(before): the audit entry's. */
  afterDigest: string | null;
  beforeDigest: string | null;
}

export type TaskResult<T extends Task> = T extends { op: 'lint' }
  ? Finding[]
  : T extends { op: 'index' }
    ? IndexedDoc
    : T extends { op: 'prepare' }
      ? Prepared
      : Material;

/** Structured content → Material (the save path's normalisation). */
export function materialFromContent(content: MaterialContent, opts: ImportOptions): Material {
  const m = materialFromText(renderText(content), opts);
  // Keep the author's structure where the canonical round trip agrees on the shape.
  if (m.problems.length === content.problems.length)
    content.problems.forEach((p, i) => {
      m.problems[i].aspect = p.aspect;
    });
  if (content.fixes?.length) m.fixes = content.fixes;
  return m;
}

/** What a version stores: the model's JSON and the author's corrections of its structure. */
export function storedJson(m: Material): Record<string, unknown> {
  const json = toJSON(m);
  if (m.fixes?.length) json.fixes = m.fixes;
  return json;
}

/**
 * A new parse of a file or text the author had imported before, with the corrections he made to
 * its structure replayed (core/material/restructure.ts); the ones whose paragraph is no longer in
 * the text are dropped and named in a warning.
 */
export function replayFixes(model: Material, fixes: readonly StructureFix[], opts: ImportOptions): Material {
  const r = applyFixes({ ...contentOf(model), parts: model.parts }, fixes);
  let out = model;
  if (r.applied.length) {
    out = materialFromContent(r.content, opts);
    out.encoding = model.encoding;
    out.removed = model.removed;
    out.fixes = r.applied;
  }
  if (r.missed.length)
    out.warnings = [
      ...out.warnings,
      {
        code: 'fix-not-applied',
        message: `上次对结构所作的 ${r.missed.length} 处调整未能应用（原文中找不到对应段落）：${r.missed.map(describeFix).join('；')}`,
      },
    ];
  return out;
}

export async function runTask<T extends Task>(task: T): Promise<TaskResult<T>> {
  const t = task as Task;
  switch (t.op) {
    case 'text':
      return materialFromText(t.text, t.opts) as TaskResult<T>;
    case 'content':
      return materialFromContent(t.content, t.opts) as TaskResult<T>;
    case 'file': {
      const m = await importFile(t.bytes, t.fileName, t.opts);
      if (t.converted) assertPlausibleConversion(m.text);
      return m as TaskResult<T>;
    }
    case 'lint':
      return lint(t.material, t.ctx) as TaskResult<T>;
    case 'index':
      return indexDocument(t.name, t.text, t.meta) as TaskResult<T>;
    case 'prepare': {
      let model = await runTask(t.input);
      if (t.fixes?.length && t.input.op !== 'content') model = replayFixes(model, t.fixes, t.input.opts);
      const prepared: Prepared = {
        model,
        digest: digestOf(contentOf(model))!,
        afterDigest: digestOf(storedJson(model)),
        beforeDigest: digestOf(t.before),
      };
      return prepared as TaskResult<T>;
    }
  }
}

/** How much work a task is, in characters (or bytes of a file): what the size threshold compares. */
export function sizeOf(t: Task): number {
  switch (t.op) {
    case 'text':
      return t.text.length;
    case 'content': {
      const c = t.content;
      let n = c.title.length + c.preface.length + c.closing.length;
      for (const p of c.problems)
        n +=
          p.heading.length +
          p.text.length +
          p.points.reduce((s, x) => s + x.length, 0) +
          p.examples.reduce((s, x) => s + x.length, 0);
      for (const x of [...c.causes, ...c.measures]) n += x.heading.length + x.text.length;
      return n;
    }
    case 'file':
      return t.bytes.byteLength;
    case 'lint':
      return t.material.text?.length ?? 0;
    case 'index':
      return t.text.length;
    case 'prepare':
      return sizeOf(t.input);
  }
}
