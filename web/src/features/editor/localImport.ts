/** Import in the browser with the pure core (for .txt/.md; .docx goes through the server). */
import { materialFromBytes } from '../../../../src/core/material/pipeline';
import type { Material } from '../../api/types';

export async function importLocally(f: File): Promise<Material> {
  const bytes = new Uint8Array(await f.arrayBuffer());
  return materialFromBytes(bytes);
}
