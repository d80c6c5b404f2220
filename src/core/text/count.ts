/**
 * 字数: the one word count the application shows (editor, review, import report, checks), counted
 * as Word's 字数统计 counts a Chinese document, except for punctuation:
 * - every Chinese character (CJK ideographs, the extension blocks and compatibility ideographs
 *   included) counts one;
 * - every run of Latin letters or digits (a "word": `GB/T` is two, `2024` one, `3.5` one, `O2O` one)
 *   counts one;
 * - whitespace and punctuation, full-width or not (，。、；：“”（）《》…—), count nothing. Word adds
 *   full-width punctuation to its 字数; a material's 字数 here is the words written, so it does not.
 * Headings count like any other text; the count is of the text given (the caller decides which).
 */

const HAN = /\p{Script=Han}/u;
const WORD_CHAR = /[\p{L}\p{N}]/u;

export function wordCount(text: string): number {
  let n = 0;
  let inWord = false;
  for (const ch of text) {
    if (HAN.test(ch)) {
      n++;
      inWord = false;
    } else if (WORD_CHAR.test(ch)) {
      if (!inWord) n++;
      inWord = true;
    } else if (inWord && (ch === '.' || ch === "'" || ch === '’')) {
      // 3.5, don't: one word — unless nothing follows (the run then simply ends there).
      inWord = true;
    } else inWord = false;
  }
  return n;
}
