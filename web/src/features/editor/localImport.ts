/** Import in the browser with the pure core (for .txt/.md; .docx goes through the server). */
import { materialFromBytes } from '../../../../src/core/material/pipeline';
import { applyFixes } from '../../../../src/core/material/restructure';
import type { StructureFix } from '../../../../src/core/material/model';
import type { Material } from '../../api/types';
import { toEditorContent, type EditorContent } from './content';

export async function importLocally(f: File): Promise<Material> {
  const bytes = new Uint8Array(await f.arrayBuffer());
  return materialFromBytes(bytes);
}

/** The editor content of an import, with the author's earlier corrections of the structure replayed. */
export function contentWithFixes(m: Material, fixes: readonly StructureFix[] | undefined): EditorContent {
  const c = toEditorContent(m);
  if (!fixes?.length || m.fixes?.length) return c;
  const r = applyFixes(c, fixes);
  return { ...r.content, fixes: r.applied };
}
