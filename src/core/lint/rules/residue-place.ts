/**
 * 张冠李戴: places and administrative levels that do not belong to the author — a text that speaks
 * of "全县" and then of "托起成都改革发展稳定大局", or of "我市" in a county's material. Without
 * organization data, the author's own level is the first one the text claims (我县/本市, else
 * 全县); a place counts only where the text claims it as its own ("成都改革发展", "成都广大党员干部"),
 * never where it is visited or learnt from ("赴延安", "学习浙江经验").
 */
import type { AdminLevel, OrganizationContext, RawFinding, Rule } from '../types.js';
import { locate } from '../util.js';
import { PLACES, RANK, levelOf } from './places.js';

interface Token {
  at: number;
  text: string;
  kind: 'own' | 'all' | 'leaders' | 'place' | 'named';
  level: AdminLevel;
}

const OWN = /(?:我|本)(省|市|县|区|镇|乡)(?![场长委级域内外])/g;
const ALL = /全(省|市|县|区|镇|乡)(?![场级委域])/g;
const LEADERS = /(省|市|县|区)级领导(?:干部)?(?=[^。；]{0,20}(?:要|应|必须|带头|以身作则))/g;
/** What follows a place the text claims as its own; the place is then read backwards (faster than a 140-way alternation). */
const OWNED_AFTER =
  /改革发展|经济社会|发展大局|稳定大局|高质量发展|振兴发展|全面振兴|现代化建设|各级党组织|广大党员|广大干部|人民群众|党员干部|(?:省|市|县|区)(?:委|政府)/g;
const NOT_OWN_BEFORE = /学习|借鉴|赴|到|去|考察|参观|对标|对比|援助|对口|支援|兄弟/;
const NAMED = /([\u4e00-\u9fff]{2,4}?)(县|市|区)(?=委|政府|人民政府|各级党组织|广大党员)/g;

function tokens(text: string, org: OrganizationContext | undefined): Token[] {
  const out: Token[] = [];
  const scan = (re: RegExp, kind: Token['kind'], level: (m: RegExpExecArray) => AdminLevel | null) => {
    re.lastIndex = 0;
    let m: RegExpExecArray | null;
    while ((m = re.exec(text))) {
      const l = level(m);
      if (l) out.push({ at: m.index, text: m[0], kind, level: l });
    }
  };
  scan(OWN, 'own', (m) => levelOf(m[1]));
  scan(ALL, 'all', (m) => levelOf(m[1]));
  scan(LEADERS, 'leaders', (m) => levelOf(m[1]));
  OWNED_AFTER.lastIndex = 0;
  let o: RegExpExecArray | null;
  while ((o = OWNED_AFTER.exec(text))) {
    for (const len of [5, 4, 3, 2]) {
      const at = o.index - len;
      const name = at >= 0 ? text.slice(at, o.index) : '';
      const level = PLACES.get(name);
      if (!level) continue;
      if (!NOT_OWN_BEFORE.test(text.slice(Math.max(0, at - 6), at))) out.push({ at, text: name, kind: 'place', level });
      break;
    }
  }
  if (org?.places?.length)
    scan(NAMED, 'named', (m) => (/^[全我本各该省市县区]/.test(m[1]) || PLACES.has(m[1]) ? null : levelOf(m[2])));
  return out.sort((a, b) => a.at - b.at);
}

function belongs(name: string, org: OrganizationContext): boolean {
  const own = [...(org.places ?? []), ...(org.names ?? []), ...(org.units ?? [])];
  return own.some((o) => o.includes(name) || (name.length >= 2 && name.includes(o) && o.length >= 2));
}

export const residuePlace: Rule = {
  id: 'residue-place',
  title: '地名层级不符',
  severity: 'warning',
  why: '套用他人材料时，最容易留下别的地方、别的层级的表述（本县的材料里出现“成都”“我市”）；这类残留一旦被发现，会被认定为抄袭拼凑。',
  check({ material: m, ctx }) {
    const org = ctx.organization;
    const toks = tokens(m.text, org);
    if (!toks.length) return [];
    const hasOrgPlaces = !!(org && (org.places?.length ?? 0) + (org.names?.length ?? 0) > 0);
    const first =
      toks.find((t) => t.kind === 'own') ?? toks.find((t) => t.kind === 'all') ?? toks.find((t) => t.kind === 'place');
    const primary: { level: AdminLevel; text: string } | null = org?.level
      ? { level: org.level, text: `本单位（${org.level}级）` }
      : first
        ? { level: first.level, text: first.text }
        : null;
    const out: RawFinding[] = [];
    const seen = new Set<string>();
    const flag = (t: Token, message: string) => {
      const key = t.kind === 'place' || t.kind === 'named' ? t.text : t.text + t.kind;
      if (seen.has(key)) return;
      seen.add(key);
      out.push({ message, ...locate(m, t.at), start: t.at, end: t.at + t.text.length });
    };
    for (const t of toks) {
      if ((t.kind === 'place' || t.kind === 'named') && hasOrgPlaces) {
        if (!belongs(t.kind === 'named' ? t.text : t.text, org!))
          flag(
            t,
            `“${t.text}”不是本单位所在的地方（${[...(org!.places ?? []), ...(org!.names ?? [])].join('、')}）：可能是套用其他地方材料留下的，请核实。`,
          );
        continue;
      }
      if (!primary || (t === first && !org?.level)) continue;
      const conflict = (() => {
        switch (t.kind) {
          case 'own':
            return t.level !== primary.level;
          case 'all':
            return (
              RANK[t.level] < RANK[primary.level] ||
              (RANK[t.level] === RANK[primary.level] && t.level !== primary.level)
            );
          case 'leaders':
            return RANK[t.level] > RANK[primary.level];
          case 'place':
            return first?.kind === 'place' && !org?.level ? t.text !== first.text : t.level !== primary.level;
          case 'named':
            return false;
        }
      })();
      if (conflict)
        flag(t, `材料以“${primary.text}”为本级，却出现“${t.text}”：可能是套用其他地方或其他层级材料留下的，请核实。`);
    }
    return out;
  },
};
