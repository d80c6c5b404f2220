/** What a rich source (a .docx) tells about a paragraph beyond its text. */
export interface ParagraphHint {
  /** Word paragraph style mapped to a level: 'title', or heading level 1–4. */
  style?: 'title' | 'heading1' | 'heading2' | 'heading3' | 'heading4';
  /** The paragraph starts with (or is entirely) bold text: a run-in or stand-alone heading. */
  bold?: boolean;
  /** Length in characters of the bold run at the start of the paragraph, when `bold`. */
  boldChars?: number;
  /** Paragraph alignment, when stated. */
  align?: 'center' | 'left' | 'right' | 'both';
}
