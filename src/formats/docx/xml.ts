/**
 * A small, linear, non-validating XML tokenizer: refuses DOCTYPEs (no entity expansion) and unbalanced
 * tags; anything malformed is E_NOT_DOCX, never a crash.
 */
import { notDocx } from './errors.js';

// ---------------------------------------------------------------- a small XML tokenizer

export interface XmlEl {
  name: string;
  /** Attributes as a flat list [name, value, name, value, …] (cheap to build, no prototype concerns). */
  attrs: readonly string[];
  children: XmlNode[];
}
type XmlNode = XmlEl | string;

const ENTITY: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

function decodeEntities(s: string): string {
  if (s.indexOf('&') < 0) return s;
  return s.replace(
    /&(#x[0-9a-fA-F]{1,6}|#[0-9]{1,7}|[A-Za-z][A-Za-z0-9]{0,10})?(;?)/g,
    (m, e: string | undefined, semi: string) => {
      if (!e || !semi) throw notDocx('bare "&" in XML');
      if (e[0] === '#') {
        const cp = e[1] === 'x' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10);
        return cp > 0 && cp <= 0x10ffff && (cp < 0xd800 || cp > 0xdfff) ? String.fromCodePoint(cp) : '';
      }
      const v = ENTITY[e];
      if (v === undefined) throw notDocx(`unknown entity ${m}`);
      return v;
    },
  );
}

const ATTR = /([^\s=/>]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g;

const NO_ATTRS: readonly string[] = Object.freeze([]);

function parseAttrs(s: string): readonly string[] {
  if (!s || s.indexOf('=') < 0) return NO_ATTRS;
  const out: string[] = [];
  ATTR.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = ATTR.exec(s))) out.push(m[1], decodeEntities(m[2] ?? m[3] ?? ''));
  return out;
}

/**
 * Parse XML into a tree. Elements whose name is in `skip` are dropped with their content (text
 * boxes, deleted text, field instructions …) without building nodes. Linear in the input.
 * Throws E_NOT_DOCX on any malformation, and on a DOCTYPE (no entity expansion, ever).
 */
export function parseXml(xml: string, skip: ReadonlySet<string> = new Set()): XmlEl {
  const root: XmlEl = { name: '#root', attrs: NO_ATTRS, children: [] };
  const stack: XmlEl[] = [root];
  let skipDepth = 0; // >0 while inside a skipped element
  const skipNames: string[] = [];
  let i = 0;
  const n = xml.length;
  while (i < n) {
    const lt = xml.indexOf('<', i);
    const textEnd = lt < 0 ? n : lt;
    if (textEnd > i) {
      if (!skipDepth) {
        const top = stack[stack.length - 1];
        const t = xml.slice(i, textEnd);
        if (top !== root) top.children.push(decodeEntities(t));
        else if (t.trim()) throw notDocx('text outside the root element');
      }
      i = textEnd;
      if (lt < 0) break;
    }
    // at '<'
    const c = xml.charCodeAt(i + 1);
    if (c === 0x3f /* ? */) {
      const e = xml.indexOf('?>', i + 2);
      if (e < 0) throw notDocx('unterminated processing instruction');
      i = e + 2;
      continue;
    }
    if (c === 0x21 /* ! */) {
      if (xml.startsWith('<!--', i)) {
        const e = xml.indexOf('-->', i + 4);
        if (e < 0) throw notDocx('unterminated comment');
        i = e + 3;
        continue;
      }
      if (xml.startsWith('<![CDATA[', i)) {
        const e = xml.indexOf(']]>', i + 9);
        if (e < 0) throw notDocx('unterminated CDATA');
        if (!skipDepth && stack.length > 1) stack[stack.length - 1].children.push(xml.slice(i + 9, e));
        i = e + 3;
        continue;
      }
      throw notDocx('DOCTYPE or declaration not allowed');
    }
    // find the end of the tag; '>' may legally occur inside quoted attribute values
    let end = i + 1;
    let q = 0;
    for (; end < n; end++) {
      const ch = xml.charCodeAt(end);
      if (q) {
        if (ch === q) q = 0;
      } else if (ch === 0x22 || ch === 0x27) q = ch;
      else if (ch === 0x3e) break;
    }
    if (end >= n) throw notDocx('unterminated tag');
    let body = xml.slice(i + 1, end);
    i = end + 1;
    if (body.charCodeAt(0) === 0x2f /* / */) {
      const name = body.slice(1).trim();
      if (skipDepth) {
        if (skipNames[skipNames.length - 1] !== name) throw notDocx(`mismatched </${name}>`);
        skipNames.pop();
        skipDepth--;
        continue;
      }
      const top = stack.pop();
      if (!top || top === root || top.name !== name) throw notDocx(`mismatched </${name}>`);
      continue;
    }
    const selfClosing = body.charCodeAt(body.length - 1) === 0x2f;
    if (selfClosing) body = body.slice(0, -1);
    const sp = body.search(/[\s]/);
    const name = sp < 0 ? body : body.slice(0, sp);
    if (!name || /[<&"']/.test(name)) throw notDocx('bad tag name');
    if (skipDepth || skip.has(name)) {
      if (!selfClosing) {
        skipDepth++;
        skipNames.push(name);
      }
      continue;
    }
    const top = stack[stack.length - 1];
    if (top === root && root.children.length) throw notDocx('more than one root element');
    const el: XmlEl = { name, attrs: parseAttrs(sp < 0 ? '' : body.slice(sp)), children: [] };
    top.children.push(el);
    if (!selfClosing) stack.push(el);
  }
  if (stack.length !== 1 || skipDepth) throw notDocx('unclosed elements');
  const doc = root.children[0];
  if (!doc || typeof doc === 'string') throw notDocx('no root element');
  return doc;
}

export function child(el: XmlEl | undefined, name: string): XmlEl | undefined {
  if (!el) return undefined;
  for (const c of el.children) if (typeof c !== 'string' && c.name === name) return c;
  return undefined;
}

export function attr(el: XmlEl | undefined, name: string): string | undefined {
  if (!el) return undefined;
  const a = el.attrs;
  for (let k = 0; k < a.length; k += 2) if (a[k] === name) return a[k + 1];
  return undefined;
}

/** OOXML on/off property: present without w:val, or with a true value. */
export function onOff(el: XmlEl | undefined): boolean | undefined {
  if (!el) return undefined;
  const v = attr(el, 'w:val');
  if (v === undefined) return true;
  return !(v === '0' || v === 'false' || v === 'off' || v === 'none');
}
