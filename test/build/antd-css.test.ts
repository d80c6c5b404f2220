/**
 * antd's stylesheet cut by component (web/antd-css.ts): each rule goes with the component its
 * selector names, nothing is lost or invented, and what belongs to no component stays in the base.
 */
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { allAntdPrefixes, prefixesOfModule, splitAntdCss } from '../../web/antd-css.js';

const known = new Set(['btn', 'input', 'input-number', 'select']);

describe('antd stylesheet by component', () => {
  it('puts each selector with its component, splitting lists and keeping @media around them', () => {
    const css = [
      '.ant-btn{color:red}',
      '.ant-btn-primary:hover{color:blue}',
      '.ant-input,.ant-btn-sm{margin:0}',
      '.ant-input-number .ant-input{padding:0}',
      '@media (max-width: 575px){.ant-btn{width:100%}.ant-select{width:100%}}',
      '@keyframes antZoomIn{0%{opacity:0}100%{opacity:1}}',
      'a{color:inherit}',
      '.ant-zoom-enter{opacity:0}',
      '/* a comment */.ant-input[placeholder="a{b}"]{color:gray}',
    ].join('');
    const { base, byPrefix } = splitAntdCss(css, known);
    expect(byPrefix.get('btn')).toBe(
      '.ant-btn{color:red}.ant-btn-primary:hover{color:blue}.ant-btn-sm{margin:0}@media (max-width: 575px){.ant-btn{width:100%}}',
    );
    expect(byPrefix.get('input')).toBe('.ant-input{margin:0}.ant-input[placeholder="a{b}"]{color:gray}');
    // The longest prefix a class starts with names its component: ant-input-number is not ant-input.
    expect(byPrefix.get('input-number')).toBe('.ant-input-number .ant-input{padding:0}');
    expect(byPrefix.get('select')).toBe('@media (max-width: 575px){.ant-select{width:100%}}');
    expect(base).toBe('@keyframes antZoomIn{0%{opacity:0}100%{opacity:1}}a{color:inherit}.ant-zoom-enter{opacity:0}');
  });

  it('on antd’s own stylesheet, loses no selector and gives the button its rules', () => {
    const require = createRequire(import.meta.url);
    const file = require.resolve('antd/dist/antd.css');
    const css = readFileSync(file, 'utf8');
    const all = allAntdPrefixes(join(dirname(file), '..', 'es'));
    expect(all.has('btn') && all.has('picker') && all.has('table')).toBe(true);
    const { base, byPrefix } = splitAntdCss(css, all);
    // Every declaration block survives: as many '{' in the parts as in the sheet, plus the ones
    // added by splitting selector lists and repeating @media around each component's part.
    const count = (s: string) => (s.match(/\{/g) ?? []).length;
    const parts = count(base) + [...byPrefix.values()].reduce((n, p) => n + count(p), 0);
    expect(parts).toBeGreaterThanOrEqual(count(css.replace(/\/\*[\s\S]*?\*\//g, '')));
    expect(byPrefix.get('btn')).toContain('.ant-btn.ant-btn-variant-solid');
    expect(byPrefix.get('btn')).not.toContain('.ant-table');
    expect(base).not.toMatch(/\.ant-btn[\s.:{,[]/);
    // What the first load carries for a plain page is a fraction of the whole sheet.
    expect(base.length).toBeLessThan(css.length / 10);
  });

  it('reads the prefixes a module names', () => {
    expect(prefixesOfModule("const p = getPrefixCls('btn', customize); getPrefixCls(x || 'select')")).toEqual([
      'btn',
      'select',
    ]);
  });
});
