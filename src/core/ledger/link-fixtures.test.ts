/**
 * linkMeasures on imported materials of several shapes (six aspects, the four 检视 items, run-in
 * headings, aspect subheadings, no aspects, fewer measures than problems): each link as a reader of
 * the material would make it (judged by reading every measure against every problem).
 */
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { materialFromBytes } from '../material/pipeline.js';
import { linkMeasures } from './link.js';

const fx = (name: string) =>
  materialFromBytes(readFileSync(new URL(`../../../test/fixtures/${name}`, import.meta.url)));

describe('measures linked to the problems a reader links them to', () => {
  it.each([
    // Five measures for six aspects; 严守纪律和规矩 answers 政治素质, 反对“四风” 工作作风, 能力本领 has none.
    ['sample-2023.txt', [0, 1, 3, 4, 5]],
    ['materials/arabic-numbering.txt', [0, 1, 2, 3]],
    // 密切联系群众 answers 联系服务群众; 发挥先锋模范作用 has no measure.
    ['materials/aspect-subheadings.txt', [0, 1, 2]],
    ['materials/member-four-checks.txt', [0, 1, 2]],
    // 压实管党治党责任 answers the fourth problem (从严治党责任), not the third.
    ['materials/pdf-copy.txt', [0, 1, 3]],
    ['materials/prior-section-fullwidth.txt', [0, 1, 3]],
    ['materials/runin-bom-crlf.txt', [0, 2, 4, 5]],
    ['materials/two-line-title-signature.txt', [0, 2]],
    ['materials/web-paste.txt', [0, 2]],
    ['good/01-leader-2023-six-aspects.txt', [0, 1, 2, 3, 4, 5]],
    ['good/02-runin-2024-four-take-lead.txt', [0, 1, 2, 3]],
    ['good/03-group-2022-six-take-lead.txt', [0, 1, 2, 3, 4, 5]],
    ['good/04-member-four-checks.txt', [0, 1, 2, 3]],
    ['good/05-township-2023-paragraph-points.txt', [0, 1, 2, 3, 4, 5]],
    ['good/06-soft-parts-2023-runin.txt', [0, 1, 2, 3, 4, 5]],
  ])('%s', (name, expected) => {
    const m = fx(name as string);
    expect(linkMeasures(m.measures, m.problems).map((l) => l.problemIndex)).toEqual(expected);
  });
});
