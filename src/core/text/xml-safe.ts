/**
 * Text that goes into an Office file's XML must hold only the characters XML 1.0 allows: anything
 * else (U+FFFE/U+FFFF, a lone surrogate, C0 controls other than tab and newlines) makes Word and
 * Excel call the whole file corrupt. One anonymous opinion carrying U+FFFF must not spoil the
 * secretary's 征求意见汇总表, so every writer passes its text through here.
 *
 *   xmlSafe('落实不够\uffff。') → '落实不够。'
 */
const XML_UNSAFE = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

export function xmlSafe(text: string): string {
  return text.replace(XML_UNSAFE, '');
}

/** Cut to at most `max` characters (code points), never in the middle of one (an emoji, a rare 汉字). */
export function cutChars(text: string, max: number): string {
  const chars = Array.from(text);
  return chars.length <= max ? text : chars.slice(0, max).join('');
}
