/**
 * The material as a form that reads like the document: title, preface, then the three parts with
 * their items (aspects with points and examples, causes, measures with deadlines), then the
 * closing. Each item is a memoized card, so a keystroke re-renders one card, not the form.
 */
import { memo, startTransition, useCallback, useEffect, useMemo, useState, type CSSProperties } from 'react';
import { Alert, Button, Card, Dropdown, Input, Space, Tag, Tooltip, Typography } from 'antd';
import { DatePicker } from '../../components/LazyDatePicker';
import { Select } from '../../components/LazySelect';
import dayjs from 'dayjs';
import type { Framework } from '../../api/types';
import type { CommentThread } from '../../api/types';
import type { EditorContent } from './content';
import { withDeadline } from './content';
import type { ItemOutline } from './checks.worker';
import { extractDeadline } from '../../../../src/core/material/deadline';
import { DEFAULT_PART_HEADINGS } from '../../../../src/core/material/render';
import { flatten, splitPoints, withFix } from '../../../../src/core/material/restructure';
import type { StructureFix } from '../../../../src/core/material/model';

const PART_NAME: Record<PartKind, string> = { problems: '存在的问题', causes: '原因剖析', measures: '整改措施' };

type PartKind = 'problems' | 'causes' | 'measures';
export type Updater = (f: (c: EditorContent) => EditorContent) => void;

const AUTO: CSSProperties = { fieldSizing: 'content', minHeight: 64, maxHeight: 480 } as CSSProperties;
const cn = ['一', '二', '三', '四', '五', '六', '七', '八', '九', '十', '十一', '十二', '十三', '十四', '十五'];

const NONE: CommentThread[] = [];

export function itemKey(part: string, item: number | null) {
  return item === null ? `part-${part}` : `item-${part}-${item}`;
}

interface Props {
  content: EditorContent;
  update: Updater;
  framework: Framework | null;
  outline: { problems: ItemOutline[]; causes: ItemOutline[]; measures: ItemOutline[] } | null;
  comments: CommentThread[];
  readOnly: boolean;
  counts: Record<string, number>;
  onFocusItem?: (key: string) => void;
}

export function MaterialForm({ content, update, framework, outline, comments, readOnly, counts, onFocusItem }: Props) {
  const byKey = useMemo(() => {
    const m = new Map<string, CommentThread[]>();
    for (const c of comments) {
      const k = itemKey(c.part, c.item ?? null);
      m.set(k, [...(m.get(k) ?? []), c]);
    }
    return m;
  }, [comments]);
  const commentsFor = useCallback(
    (part: string, item: number | null) => byKey.get(itemKey(part, item)) ?? NONE,
    [byKey],
  );
  // The first paint shows what is on screen (title, preface, the first problems) and the author
  // can type at once; the rest of the form follows in a background render right after.
  const [full, setFull] = useState(false);
  useEffect(() => startTransition(() => setFull(true)), []);
  // Every section is memoized on its own slice of the content: a keystroke re-renders one section.
  return (
    <div className="material-form" data-testid="material-form">
      <FieldCard
        field="title"
        label="标题"
        value={content.title}
        update={update}
        readOnly={readOnly}
        comments={commentsFor('title', null)}
      />
      <FieldCard
        field="preface"
        label="前言（准备情况）"
        value={content.preface}
        update={update}
        readOnly={readOnly}
        comments={commentsFor('preface', null)}
      />
      {(['problems', 'causes', 'measures'] as const).map(
        (k, i) =>
          (full || i === 0) && (
            <PartSection
              key={k}
              kind={k}
              title={`${'一二三'[i]}、${partHeading(content, k)}`}
              items={content[k]}
              limit={full ? undefined : FIRST_PAINT_ITEMS}
              update={update}
              framework={framework}
              outline={outline?.[k] ?? null}
              readOnly={readOnly}
              commentsFor={commentsFor}
              counts={counts}
              onFocusItem={onFocusItem}
            />
          ),
      )}
      {full && (
        <FieldCard
          field="closing"
          label="结束语"
          value={content.closing}
          update={update}
          readOnly={readOnly}
          comments={commentsFor('closing', null)}
        />
      )}
    </div>
  );
}

const FieldCard = memo(function FieldCard({
  field,
  label,
  value,
  update,
  readOnly,
  comments,
}: {
  field: 'title' | 'preface' | 'closing';
  label: string;
  value: string;
  update: Updater;
  readOnly: boolean;
  comments: CommentThread[];
}) {
  const set = (v: string) => update((c) => ({ ...c, [field]: v }));
  return (
    <Card size="small" id={itemKey(field, null)} title={label} style={{ marginBottom: 12 }}>
      <CommentNotes list={comments} />
      {field === 'title' ? (
        <Input
          value={value}
          onChange={(e) => set(e.target.value)}
          readOnly={readOnly}
          aria-label="标题"
          placeholder="例如：2023年度民主生活会个人对照检查材料"
        />
      ) : (
        <Input.TextArea
          value={value}
          onChange={(e) => set(e.target.value)}
          readOnly={readOnly}
          style={field === 'closing' ? { ...AUTO, minHeight: 40 } : AUTO}
          aria-label={label.replace(/（.*）/, '')}
          placeholder={field === 'preface' ? '会前学习、征求意见、谈心谈话等准备情况' : undefined}
        />
      )}
    </Card>
  );
});

function partHeading(c: EditorContent, k: PartKind) {
  return c.parts?.find((p) => p.kind === k)?.heading || DEFAULT_PART_HEADINGS[k];
}

function CommentNotes({ list }: { list: CommentThread[] }) {
  if (!list.length) return null;
  return (
    <Space orientation="vertical" style={{ width: '100%', marginBottom: 8 }}>
      {list.map((c) => (
        <Alert
          key={c.id}
          type="warning"
          showIcon
          data-testid="comment-in-place"
          title={
            <span>
              审核意见{c.authorName ? `（${c.authorName}）` : ''}：{c.body}
            </span>
          }
          description={c.quote ? `针对：“${c.quote}”` : undefined}
        />
      ))}
    </Space>
  );
}

const FIRST_PAINT_ITEMS = 2;

const PartSection = memo(function PartSection({
  kind,
  title,
  items: rawItems,
  limit,
  update,
  framework,
  outline,
  readOnly,
  commentsFor,
  counts,
  onFocusItem,
}: {
  kind: PartKind;
  title: string;
  items: EditorContent[PartKind];
  limit?: number;
  update: Updater;
  framework: Framework | null;
  outline: ItemOutline[] | null;
  readOnly: boolean;
  commentsFor: (part: string, item: number | null) => CommentThread[];
  counts: Record<string, number>;
  onFocusItem?: (key: string) => void;
}) {
  const items = rawItems as { heading: string; text: string; aspect?: string | null }[];
  const add = () =>
    update((c) => {
      const next = { ...c };
      if (kind === 'problems') {
        const used = new Set(c.problems.map((p) => p.aspect));
        const a = framework?.aspects.find((x) => !used.has(x.id));
        next.problems = [
          ...c.problems,
          {
            aspect: a?.id ?? null,
            heading: a ? `${a.name.replace(/方面$/, '')}方面` : '',
            text: '',
            points: [],
            examples: [],
          },
        ];
      } else if (kind === 'causes') next.causes = [...c.causes, { heading: '', text: '' }];
      else next.measures = [...c.measures, { heading: '', text: '', deadline: null }];
      return next;
    });
  return (
    <Card
      size="small"
      id={itemKey(kind, null)}
      title={<span className="part-title">{title}</span>}
      style={{ marginBottom: 12 }}
      extra={
        !readOnly && (
          <Button size="small" onClick={add}>
            {kind === 'problems' ? '添加问题方面' : kind === 'causes' ? '添加原因' : '添加措施'}
          </Button>
        )
      }
    >
      <CommentNotes list={commentsFor(kind, null)} />
      {items.length === 0 && <Typography.Text type="secondary">尚无内容。</Typography.Text>}
      {(limit === undefined ? items : items.slice(0, limit)).map((it, i) => (
        <ItemCard
          key={i}
          kind={kind}
          index={i}
          item={it}
          count={items.length}
          update={update}
          framework={kind === 'problems' ? framework : null}
          outline={outline?.[i] ?? null}
          readOnly={readOnly}
          comments={commentsFor(kind, i)}
          findings={counts[itemKey(kind, i)] ?? 0}
          onFocusItem={onFocusItem}
        />
      ))}
    </Card>
  );
});

const ItemCard = memo(function ItemCard({
  kind,
  index,
  item,
  count,
  update,
  framework,
  outline,
  readOnly,
  comments,
  findings,
  onFocusItem,
}: {
  kind: PartKind;
  index: number;
  item: { heading: string; text: string; aspect?: string | null };
  count: number;
  update: Updater;
  framework: Framework | null;
  outline: ItemOutline | null;
  readOnly: boolean;
  comments: CommentThread[];
  findings: number;
  onFocusItem?: (key: string) => void;
}) {
  const key = itemKey(kind, index);
  const set = useCallback(
    (patch: Record<string, unknown>) =>
      update((c) => {
        const arr = [...(c[kind] as object[])];
        arr[index] = { ...arr[index], ...patch };
        return { ...c, [kind]: arr };
      }),
    [update, kind, index],
  );
  const label = kind === 'problems' ? '方面' : kind === 'causes' ? '原因' : '措施';
  // Numbering markers inside the heading (paragraph 0) and the paragraphs of the text, as one string
  // ("段:次:标记" per line) so that the header re-renders only when they change.
  const splits = useMemo(
    () =>
      [item.heading, ...item.text.split('\n')]
        .map((t) => t.trim())
        .filter((t, p) => p === 0 || t)
        .flatMap((t, p) => splitPoints(t).map((x) => `${p}:${x.k}:${x.at}`))
        .join('\n'),
    [item.heading, item.text],
  );
  const deadline = kind === 'measures' ? extractDeadline(`${item.heading}。${item.text}`) : null;
  const pts = outline?.points.length ?? 0;
  const exs = outline?.examples.length ?? 0;
  return (
    <div
      className="item-card"
      id={key}
      data-testid={key}
      style={{ borderTop: index ? '1px solid #f0f0f0' : undefined, padding: '10px 0' }}
      onFocus={() => onFocusItem?.(key)}
    >
      {/* A keystroke in the text re-renders only the text area below, not this header. */}
      <ItemHeader
        kind={kind}
        index={index}
        count={count}
        aspect={item.aspect ?? null}
        heading={item.heading}
        splits={splits}
        label={label}
        set={set}
        update={update}
        framework={framework}
        readOnly={readOnly}
        findings={findings}
        commentCount={comments.length}
      />
      <CommentNotes list={comments} />
      <Input.TextArea
        value={item.text}
        readOnly={readOnly}
        onChange={(e) => set({ text: e.target.value })}
        style={AUTO}
        aria-label={`${label}${index + 1}正文`}
        placeholder={
          kind === 'problems'
            ? '一是……比如，……。二是……'
            : kind === 'measures'
              ? '具体措施，写明可检查的目标和完成时限'
              : '从理想信念、宗旨意识、党性修养等方面剖析思想根源'
        }
      />
      {kind === 'problems' && outline && (
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          识别到要点 {pts} 条、具体事例 {exs} 个{exs === 0 && pts > 0 ? '（可用“比如”“例如”写出具体事例）' : ''}
        </Typography.Text>
      )}
      {kind === 'measures' && (
        <Space wrap style={{ marginTop: 4 }}>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            完成时限：
          </Typography.Text>
          {deadline ? (
            <Tag color="green" data-testid="deadline">
              {deadline.text}
            </Tag>
          ) : (
            <Tag color="orange">未写明</Tag>
          )}
          {!readOnly && (
            <>
              <DatePicker
                size="small"
                picker="month"
                placeholder="选择月份"
                aria-label={`措施${index + 1}完成时限`}
                value={deadline?.date ? dayjs(deadline.date) : null}
                onChange={(d) => d && set({ text: withDeadline(item.text, `${d.year()}年${d.month() + 1}月底前`) })}
              />
              <Button size="small" onClick={() => set({ text: withDeadline(item.text, '立行立改') })}>
                立行立改
              </Button>
              <Button size="small" onClick={() => set({ text: withDeadline(item.text, '长期坚持') })}>
                长期坚持
              </Button>
            </>
          )}
        </Space>
      )}
    </div>
  );
});

const ItemHeader = memo(function ItemHeader({
  kind,
  index,
  count,
  aspect,
  heading,
  splits,
  label,
  set,
  update,
  framework,
  readOnly,
  findings,
  commentCount,
}: {
  kind: PartKind;
  index: number;
  count: number;
  aspect: string | null;
  heading: string;
  /** Where the item can be split inside a paragraph: "段:次:标记" per line (段 0: the heading). */
  splits: string;
  label: string;
  set: (patch: Record<string, unknown>) => void;
  update: Updater;
  framework: Framework | null;
  readOnly: boolean;
  findings: number;
  commentCount: number;
}) {
  const move = (d: number) =>
    update((c) => {
      const arr = [...(c[kind] as object[])];
      const j = index + d;
      if (j < 0 || j >= arr.length) return c;
      [arr[index], arr[j]] = [arr[j], arr[index]];
      return { ...c, [kind]: arr };
    });
  const remove = () => update((c) => ({ ...c, [kind]: (c[kind] as object[]).filter((_, k) => k !== index) }));
  // Corrections of the structure (kept for re-imports, see StructureView): join, back to body text, move.
  const splitAt = splits
    ? splits.split('\n').map((line) => {
        const [p, k, ...at] = line.split(':');
        return { p: Number(p), k: Number(k), at: at.join(':') };
      })
    : [];
  const restructure = (action: string) =>
    update((c) => {
      const entries = flatten(c);
      const e = entries.filter((x) => x.role === 'head' && x.kind === kind)[index];
      if (!e) return c;
      if (action.startsWith('split:')) {
        const s = splitAt[Number(action.slice(6))];
        const target = s && entries[entries.indexOf(e) + s.p];
        if (!target || (s.p > 0 && target.role !== 'body')) return c;
        const fix: StructureFix = {
          op: 'split',
          key: target.key,
          ...(target.n ? { n: target.n } : {}),
          at: s.at,
          ...(s.k ? { k: s.k } : {}),
        };
        return withFix(c, fix) ?? c;
      }
      const at = { key: e.key, ...(e.n ? { n: e.n } : {}) };
      const fix: StructureFix =
        action === 'merge'
          ? { op: 'merge', ...at }
          : action === 'body'
            ? { op: 'body', ...at }
            : { op: 'move', ...at, to: action as PartKind };
      return withFix(c, fix) ?? c;
    });
  return (
    <Space wrap style={{ marginBottom: 6, width: '100%' }}>
      <Typography.Text strong>（{cn[index] ?? index + 1}）</Typography.Text>
      {kind === 'problems' && (
        <Select
          size="small"
          style={{ minWidth: 150 }}
          value={aspect ?? ''}
          disabled={readOnly}
          aria-label="所属方面"
          options={[
            { value: '', label: '（未对应方面）' },
            ...(framework?.aspects ?? []).map((a) => ({
              value: a.id,
              label: a.name.length > 14 ? a.name.slice(0, 14) + '…' : a.name,
            })),
          ]}
          onChange={(v) => {
            const a = framework?.aspects.find((x) => x.id === v);
            const patch = {
              aspect: v || null,
              ...(a && (!heading || framework?.aspects.some((x) => heading.startsWith(x.name.replace(/方面$/, ''))))
                ? { heading: `${a.name.replace(/方面$/, '')}方面` }
                : {}),
            };
            // The choice is kept as a correction too, so that a re-import of the same text keeps it.
            update((c) => {
              const e = flatten(c).filter((x) => x.role === 'head' && x.kind === 'problems')[index];
              const fixed = e
                ? withFix(c, { op: 'aspect', key: e.key, ...(e.n ? { n: e.n } : {}), aspect: v || null })
                : null;
              const base = fixed ?? c;
              const problems = [...base.problems];
              problems[index] = { ...problems[index], ...patch };
              return { ...base, problems };
            });
          }}
        />
      )}
      <Input
        size="small"
        value={heading}
        readOnly={readOnly}
        onChange={(e) => set({ heading: e.target.value })}
        placeholder={`${label}小标题`}
        aria-label={`${label}${index + 1}小标题`}
        style={{ minWidth: 200, flex: 1 }}
      />
      {findings > 0 && <Tag color="orange">{findings} 条提示</Tag>}
      {commentCount > 0 && <Tag color="green">{commentCount} 条审核意见</Tag>}
      {!readOnly && (
        <Space size={2}>
          <Tooltip title="上移">
            <Button size="small" type="text" aria-label="上移" disabled={index === 0} onClick={() => move(-1)}>
              ↑
            </Button>
          </Tooltip>
          <Tooltip title="下移">
            <Button size="small" type="text" aria-label="下移" disabled={index === count - 1} onClick={() => move(1)}>
              ↓
            </Button>
          </Tooltip>
          <Dropdown
            trigger={['click']}
            autoFocus
            menu={{
              items: [
                ...splitAt.map((x, i) => ({
                  key: `split:${i}`,
                  label:
                    `在“${x.at}”处拆分` +
                    (splitAt.filter((y) => y.at === x.at).length > 1 ? `（${x.p ? `第${x.p}段` : '小标题'}）` : ''),
                })),
                { key: 'merge', label: '与上一条合并', disabled: index === 0 },
                { key: 'body', label: index === 0 ? '改为正文（本部分导语）' : '改为正文（并入上一条）' },
                ...(['problems', 'causes', 'measures'] as const)
                  .filter((k) => k !== kind)
                  .map((k) => ({ key: k, label: `移到“${PART_NAME[k]}”` })),
              ],
              onClick: ({ key }) => restructure(key),
            }}
          >
            <Button size="small" type="text" aria-label={`调整${label}${index + 1}的结构`}>
              结构 ▾
            </Button>
          </Dropdown>
          <Tooltip title="删除">
            <Button size="small" type="text" danger aria-label="删除" onClick={remove}>
              ✕
            </Button>
          </Tooltip>
        </Space>
      )}
    </Space>
  );
});
