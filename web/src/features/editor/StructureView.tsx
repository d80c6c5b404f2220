/**
 * The material as the parser read it, one row per paragraph (preface, part lead-ins, item headings,
 * body text, closing), for fixing its structure where the reading is wrong without typing anything
 * again: every row has a menu — 设为问题/原因/措施标题, 拆分 (at the paragraph, or at a numbering marker
 * inside it: 在“二是”处拆分), 改为正文, 与上一条合并, 移到…, 方面; above them, the framework (the
 * meeting's, binding, or one the author chooses when the meeting sets none).
 * Each action is a correction of the core (core/material/restructure.ts) kept in the content's
 * `fixes`, which the server replays when the same material is imported again.
 */
import { memo, useMemo } from 'react';
import { Alert, App, Button, Dropdown, Space, Tag, Typography, type MenuProps } from 'antd';
import { Select } from '../../components/LazySelect';
import type { Framework } from '../../api/types';
import type { PartKind, StructureFix } from '../../../../src/core/material/model';
import { flatten, splitPoints, withFix, type KeyedEntry } from '../../../../src/core/material/restructure';
import type { EditorContent } from './content';
import type { Updater } from './MaterialForm';

const cn = ['一', '二', '三', '四', '五', '六', '七', '八', '九', '十', '十一', '十二', '十三', '十四', '十五'];
const KIND_LABEL: Record<PartKind, string> = { problems: '问题', causes: '原因', measures: '措施' };
const KIND_COLOR: Record<PartKind, string> = { problems: 'red', causes: 'orange', measures: 'green' };
const PART_NAME: Record<PartKind, string> = { problems: '存在的问题', causes: '原因剖析', measures: '整改措施' };
const KINDS: PartKind[] = ['problems', 'causes', 'measures'];

interface Row extends KeyedEntry {
  /** For a head: its number in its part; for body text: the kind of the item it belongs to. */
  index: number;
  owner: PartKind | null;
  firstOfKind: boolean;
}

function rowsOf(content: EditorContent): Row[] {
  const counts: Record<PartKind, number> = { problems: 0, causes: 0, measures: 0 };
  let owner: PartKind | null = null;
  return flatten(content).map((e) => {
    if (e.role === 'head') {
      owner = e.kind!;
      const index = counts[e.kind!]++;
      return { ...e, index, owner, firstOfKind: index === 0 };
    }
    if (e.role !== 'body') owner = null;
    return { ...e, index: -1, owner: e.role === 'body' ? owner : null, firstOfKind: false };
  });
}

function roleLabel(r: Row): { text: string; color?: string } {
  switch (r.role) {
    case 'preface':
      return { text: '前言' };
    case 'closing':
      return { text: '结束语' };
    case 'intro':
      return { text: `${KIND_LABEL[r.kind!]}部分导语` };
    case 'head':
      return { text: `${KIND_LABEL[r.kind!]}（${cn[r.index] ?? r.index + 1}）`, color: KIND_COLOR[r.kind!] };
    case 'body':
      return { text: '正文' };
  }
}

/** 在“二是”处拆分: one choice per numbering marker inside the paragraph. */
function splitItems(r: Row): NonNullable<MenuProps['items']> {
  const kind = r.role === 'head' ? r.kind : r.owner;
  return splitPoints(r.text).map((p) => ({
    key: `at:${p.k}:${p.at}`,
    label: `在“${p.at}”处拆分${kind ? `（另起一条${KIND_LABEL[kind]}）` : '（分为两段）'}`,
  }));
}

function menuOf(r: Row, framework: Framework | null): MenuProps['items'] {
  if (r.role !== 'head') {
    const items: NonNullable<MenuProps['items']> = KINDS.map((k) => ({
      key: `heading:${k}`,
      label: `设为${KIND_LABEL[k]}标题`,
    }));
    if (r.owner) items.push({ key: 'split', label: `拆分：从此段起另起一条${KIND_LABEL[r.owner]}` });
    items.push(...splitItems(r));
    return items;
  }
  const items: NonNullable<MenuProps['items']> = [
    ...splitItems(r),
    { key: 'merge', label: '与上一条合并', disabled: r.firstOfKind },
    { key: 'body', label: r.firstOfKind ? '改为正文（本部分导语）' : '改为正文（并入上一条）' },
    ...KINDS.filter((k) => k !== r.kind).map((k) => ({ key: `move:${k}`, label: `移到“${PART_NAME[k]}”` })),
  ];
  if (r.kind === 'problems')
    items.push({
      key: 'aspect',
      label: `方面：${r.aspect ? (framework?.aspects.find((a) => a.id === r.aspect)?.name ?? r.aspect) : '未对应'}`,
      children: [
        { key: 'aspect:', label: '（不对应方面）' },
        ...(framework?.aspects ?? []).map((a) => ({ key: `aspect:${a.id}`, label: a.name })),
      ],
    });
  return items;
}

function fixOf(r: Row, action: string): StructureFix | null {
  const at = { key: r.key, ...(r.n ? { n: r.n } : {}) };
  const [op, arg] = action.split(':') as [string, string | undefined];
  switch (op) {
    case 'at': {
      // at:<k>:<marker> (a marker may itself hold a colon: take the rest).
      const rest = action.slice(3);
      const sep = rest.indexOf(':');
      const k = Number(rest.slice(0, sep));
      return { op: 'split', ...at, at: rest.slice(sep + 1), ...(k ? { k } : {}) };
    }
    case 'heading':
      return { op: 'heading', ...at, kind: arg as PartKind };
    case 'split':
      return r.owner ? { op: 'heading', ...at, kind: r.owner } : null;
    case 'merge':
      return { op: 'merge', ...at };
    case 'body':
      return { op: 'body', ...at };
    case 'move':
      return { op: 'move', ...at, to: arg as PartKind };
    case 'aspect':
      return { op: 'aspect', ...at, aspect: arg || null };
    default:
      return null;
  }
}

export const StructureView = memo(function StructureView({
  content,
  update,
  framework,
  byMeeting,
  frameworks,
  readOnly,
}: {
  content: EditorContent;
  update: Updater;
  /** The framework the material is checked under. */
  framework: Framework | null;
  /** True when it is the meeting's (binding: the author cannot choose another). */
  byMeeting: boolean;
  /** The sets an author can choose from (built-in and the organization's). */
  frameworks: readonly Framework[];
  readOnly: boolean;
}) {
  const { message } = App.useApp();
  const rows = useMemo(() => rowsOf(content), [content]);
  const act = (r: Row, action: string) => {
    const fix = fixOf(r, action);
    if (!fix) return;
    if (!withFix(content, fix)) {
      message.warning('这一段无法这样调整。');
      return;
    }
    update((c) => withFix(c, fix) ?? c);
  };
  const chooseFramework = (id: string) => {
    const fw = frameworks.find((f) => f.id === id);
    if (!fw) return;
    update((c) => withFix(c, { op: 'framework', key: '', id }, fw) ?? c);
  };
  return (
    <div data-testid="structure-view">
      <Typography.Paragraph type="secondary" style={{ fontSize: 12 }}>
        导入识别有误时，在这里调整结构：把段落设为问题、原因或措施的标题，合并或拆分条目（一段里的“二是”“2.”等处也可拆分），移到其他部分，选择检视框架和所属方面。
        文字不用重新输入；调整随材料保存，再次导入同一材料时会自动沿用。
      </Typography.Paragraph>
      <div data-testid="structure-framework" style={{ marginBottom: 12 }}>
        {byMeeting ? (
          <Alert
            type="info"
            showIcon
            title={`检视框架：${framework?.name ?? '（未知）'}`}
            description="这是本次会议规定的检视框架，会议的材料都按它对照检视（问题所属方面、缺少方面的检查），不能在这里更改；如需更改，请联系会议组织者修改会议设置。"
          />
        ) : (
          <Space orientation="vertical" size={4} style={{ width: '100%' }}>
            <Space wrap>
              <Typography.Text strong>检视框架</Typography.Text>
              <Select
                aria-label="检视框架"
                data-testid="framework-select"
                style={{ minWidth: 320 }}
                placeholder="选择检视框架"
                disabled={readOnly}
                value={framework?.id}
                onChange={chooseFramework}
                options={frameworks.map((f) => ({ value: f.id, label: f.name }))}
              />
            </Space>
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {framework
                ? '本次会议没有规定检视框架，材料按所选框架对照方面、检查有无缺漏。自动识别可能有误，请确认。'
                : '本次会议没有规定检视框架，也未能从材料中识别出来。请选择材料对照的检视框架，以便对应方面、检查有无缺漏。'}
            </Typography.Text>
          </Space>
        )}
      </div>
      <ol className="structure-list" aria-label="材料结构" style={{ listStyle: 'none', padding: 0, margin: 0 }}>
        {rows.map((r, i) => {
          const label = roleLabel(r);
          const text = r.role === 'head' ? r.text || '（无小标题）' : r.text;
          const short = text.length > 24 ? text.slice(0, 24) + '…' : text;
          return (
            <li
              key={i}
              data-testid={`structure-row-${i}`}
              data-role={r.role}
              data-kind={r.kind ?? r.owner ?? ''}
              style={{
                display: 'flex',
                gap: 8,
                alignItems: 'flex-start',
                padding: '6px 0',
                paddingLeft: r.role === 'body' ? 24 : 0,
                borderTop: i ? '1px solid #f0f0f0' : undefined,
              }}
            >
              <Tag color={label.color} style={{ flex: 'none' }}>
                {label.text}
              </Tag>
              <Typography.Text strong={r.role === 'head'} style={{ flex: 1, minWidth: 0 }} data-testid="structure-text">
                {text}
                {r.role === 'head' && r.kind === 'problems' && r.aspect && (
                  <Tag style={{ marginLeft: 6 }}>
                    {framework?.aspects.find((a) => a.id === r.aspect)?.name ?? r.aspect}
                  </Tag>
                )}
              </Typography.Text>
              {!readOnly && (
                <Dropdown
                  trigger={['click']}
                  autoFocus
                  menu={{ items: menuOf(r, framework), onClick: ({ key }) => act(r, key) }}
                >
                  <Button size="small" aria-label={`调整结构：${short}`} data-testid="structure-menu">
                    调整 ▾
                  </Button>
                </Dropdown>
              )}
            </li>
          );
        })}
      </ol>
    </div>
  );
});
