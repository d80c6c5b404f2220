/**
 * antd's prebuilt stylesheet (antd/dist/antd.css, zero-runtime mode) holds the CSS of every antd
 * component: 986 KB, about 108 KB gzipped, and it was all loaded before any page could show. Cut
 * by component here (at build time, vite.config.ts), each part travels with the antd module that
 * renders those classes: the first load carries the shell's components and the opened page's, a
 * page opened later brings its own (Vite loads a chunk's CSS with the chunk).
 *
 * Which part a module needs: the class prefixes it names with `getPrefixCls('btn')` (every antd
 * component takes its classes that way). A rule goes with the component its selector names; rules
 * of no component (the theme's variables, motion classes, keyframes, element rules) stay in the
 * base part, loaded with the application.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

const PREFIX_CALL = /getPrefixCls\(\s*(?:[A-Za-z_$][\w$]*\s*\|\|\s*)?['"]([a-z][a-z-]*)['"]/g;
const PREFIX_CONST = /PrefixCls\s*=\s*['"]([a-z][a-z-]*)['"]/g;
/** The class prefixes (`btn`, `picker`, …) one antd file names. */
function prefixesIn(code: string): string[] {
  return [...code.matchAll(PREFIX_CALL), ...code.matchAll(PREFIX_CONST)].map((m) => m[1]);
}

/** Every class prefix antd knows: the ones a rule may be judged by. */
export function allAntdPrefixes(antdEs: string): Set<string> {
  const out = new Set<string>();
  const walk = (dir: string) => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const p = join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.name.endsWith('.js')) for (const x of prefixesIn(readFileSync(p, 'utf8'))) out.add(x);
    }
  };
  walk(antdEs);
  return out;
}

/** Top-level blocks of a stylesheet: `selector{…}` and `@rule …{…}` / `@rule …;`, comments dropped. */
function blocks(css: string): { head: string; body: string | null }[] {
  const out: { head: string; body: string | null }[] = [];
  let i = 0;
  const n = css.length;
  while (i < n) {
    let head = '';
    let quote = '';
    // The head, up to its '{' (or ';' for a statement at-rule).
    for (; i < n; i++) {
      const c = css[i];
      if (quote) {
        head += c;
        if (c === '\\') head += css[++i] ?? '';
        else if (c === quote) quote = '';
        continue;
      }
      if (c === '/' && css[i + 1] === '*') {
        const end = css.indexOf('*/', i + 2);
        i = end < 0 ? n : end + 1;
        continue;
      }
      if (c === '"' || c === "'") quote = c;
      if (c === '{' || c === ';') break;
      head += c;
    }
    if (i >= n) break;
    if (css[i] === ';') {
      i++;
      if (head.trim()) out.push({ head: head.trim(), body: null });
      continue;
    }
    // The body, to its matching '}'.
    let depth = 1;
    const start = ++i;
    quote = '';
    for (; i < n && depth > 0; i++) {
      const c = css[i];
      if (quote) {
        if (c === '\\') i++;
        else if (c === quote) quote = '';
      } else if (c === '"' || c === "'") quote = c;
      else if (c === '/' && css[i + 1] === '*') {
        const end = css.indexOf('*/', i + 2);
        i = end < 0 ? n : end + 1;
      } else if (c === '{') depth++;
      else if (c === '}') depth--;
    }
    out.push({ head: head.trim(), body: css.slice(start, i - 1) });
  }
  return out;
}

/** A selector list split at its top-level commas (not those inside :is(…), :where(…) or quotes). */
function selectors(list: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let quote = '';
  let cur = '';
  for (let i = 0; i < list.length; i++) {
    const c = list[i];
    if (quote) {
      if (c === quote) quote = '';
    } else if (c === '"' || c === "'") quote = c;
    else if (c === '(' || c === '[') depth++;
    else if (c === ')' || c === ']') depth--;
    else if (c === ',' && depth === 0) {
      out.push(cur);
      cur = '';
      continue;
    }
    cur += c;
  }
  out.push(cur);
  return out.map((s) => s.trim()).filter(Boolean);
}

/** The component prefix a class belongs to: the longest known prefix it starts with. */
function componentOf(cls: string, known: ReadonlySet<string>): string | null {
  const parts = cls.split('-');
  for (let k = parts.length; k > 0; k--) {
    const p = parts.slice(0, k).join('-');
    if (known.has(p)) return p;
  }
  return null;
}

/**
 * antd's stylesheet cut by component: `byPrefix` holds, per class prefix, the rules whose selectors
 * name a class of that component (a selector naming two components, `.ant-form-item .ant-select`,
 * can only match when both are on the page: it goes with the first); `base` holds what belongs to
 * no component (the theme's variables, motion classes, keyframes, element rules). A selector list
 * naming several components is split into one rule per component; @media and the like are kept
 * around the rules they hold. Within each part, the rules keep their order.
 */
export function splitAntdCss(
  css: string,
  known: ReadonlySet<string>,
  ns = 'ant',
): { base: string; byPrefix: Map<string, string> } {
  const classRe = new RegExp(`\\.${ns}-([a-z][a-z0-9-]*)`, 'g');
  const ownerOf = (sel: string): string => {
    for (const m of sel.matchAll(classRe)) {
      const c = componentOf(m[1], known);
      if (c) return c;
    }
    return '';
  };
  const walk = (text: string): Map<string, string[]> => {
    const parts = new Map<string, string[]>();
    const add = (k: string, s: string) => {
      const a = parts.get(k);
      if (a) a.push(s);
      else parts.set(k, [s]);
    };
    for (const { head, body } of blocks(text)) {
      if (body === null) add('', `${head};`);
      else if (head.startsWith('@')) {
        if (/^@(media|supports|layer|container|scope)\b/.test(head)) {
          for (const [k, inner] of walk(body)) add(k, `${head}{${inner.join('')}}`);
        } else add('', `${head}{${body}}`);
      } else {
        const groups = new Map<string, string[]>();
        for (const sel of selectors(head)) {
          const k = ownerOf(sel);
          const g = groups.get(k);
          if (g) g.push(sel);
          else groups.set(k, [sel]);
        }
        for (const [k, sels] of groups) add(k, `${sels.join(',')}{${body}}`);
      }
    }
    return parts;
  };
  const parts = walk(css);
  const base = (parts.get('') ?? []).join('');
  parts.delete('');
  return { base, byPrefix: new Map([...parts].map(([k, v]) => [k, v.join('')])) };
}

/** The class prefixes an antd module names (`getPrefixCls('btn')`): the parts of the stylesheet it needs. */
export function prefixesOfModule(code: string): string[] {
  return [...new Set(prefixesIn(code))];
}
