/**
 * The public, anonymous opinion form (/o#<token>), a page of its own: opened from a QR code on a
 * phone, it loads this file and its stylesheet (a few kilobytes), not the application (React,
 * antd: two megabytes). No account, no cookie: the token is read from the URL fragment (never sent
 * to any server by the browser) and posted in the request body; the requests carry no credentials.
 * Nothing identifying is stored with an opinion — this page says so. Same texts and behaviour as
 * the application's React form it replaces.
 */
import './style.css';
import type { PublicForm, PublicOpinionInput, PublicSubmitResult } from '../../../src/contract/procedure/opinions';

type Child = Node | string | null | undefined | false;

/** An element with attributes (`on…` for listeners) and children. */
function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs: Record<string, unknown> = {},
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === null || v === false) continue;
    if (k.startsWith('on') && typeof v === 'function') el.addEventListener(k.slice(2), v as EventListener);
    else if (k === 'className') el.className = String(v);
    else if (k === 'value') (el as HTMLInputElement).value = String(v);
    else if (k in el && typeof v !== 'string') (el as unknown as Record<string, unknown>)[k] = v;
    else el.setAttribute(k, v === true ? '' : String(v));
  }
  for (const c of children) if (c !== null && c !== undefined && c !== false) el.append(c);
  return el;
}

class RequestError extends Error {}

/** POST to the public API: no cookie, no cache, no Referer; a Chinese message on failure. */
async function publicRequest<T>(path: '/api/public/opinions/form' | '/api/public/opinions', body: unknown): Promise<T> {
  let res: Response;
  try {
    res = await fetch(path, {
      method: 'POST',
      credentials: 'omit',
      cache: 'no-store',
      referrerPolicy: 'no-referrer',
      headers: { 'Content-Type': 'application/json', Accept: 'application/json', 'X-CSRF-Token': 'public' },
      body: JSON.stringify(body),
    });
  } catch {
    throw new RequestError('无法连接服务器，请检查网络后重试。');
  }
  const j = (await res.json().catch(() => null)) as { message?: string } | null;
  if (!res.ok)
    throw new RequestError(
      j?.message ?? (res.status === 429 ? '今天提交的意见已达上限，请明天再试。' : `提交失败（${res.status}）。`),
    );
  return j as T;
}

const message = (e: unknown) => (e instanceof Error ? e.message : String(e));

interface Line {
  key: number;
  target: string; // 'group' | person id
  category: string | null;
  body: string;
  el?: HTMLElement;
  /** Sets the labels that name the line by its position (第N条…). */
  relabel?: (index: number, many: boolean) => void;
}

const root = document.getElementById('opinion-body')!;
const token = decodeURIComponent(location.hash.replace(/^#/, '')).trim();
let nextKey = 1;
const blank = (): Line => ({ key: nextKey++, target: 'group', category: null, body: '' });

function show(...children: Child[]) {
  root.removeAttribute('aria-busy');
  root.className = 'po-stack';
  root.replaceChildren(...children.filter((c): c is Node | string => !!c));
}

function result(kind: 'warning' | 'info' | 'success', title: string, sub: string, extra?: Node) {
  return h(
    'div',
    { className: `po-result po-result-${kind}`, role: kind === 'warning' ? 'alert' : 'status' },
    h('h2', { className: 'po-result-title' }, title),
    h('p', { className: 'po-result-sub' }, sub),
    extra,
  );
}

const loadFailed = (why: string) => show(result('warning', '无法打开征求意见表', why));

function renderForm(form: PublicForm) {
  const max = form.limits.maxBodyChars;
  const group = form.groupName ?? (form.meetingKind === '组织生活会' ? '支部委员会' : '领导班子');
  const groupLabel = `${group}（整体）`;
  const targets = [{ value: 'group', label: groupLabel }, ...form.targets.map((t) => ({ value: t.id, label: t.name }))];
  let lines: Line[] = [blank()];
  let busy = false;

  const intro = h(
    'div',
    { className: 'po-card' },
    h(
      'p',
      { className: 'po-intro' },
      h('b', {}, form.orgName),
      `即将召开${form.year}年度${form.meetingKind}${form.theme ? `（${form.theme}）` : ''}，现就${`${group}和${form.meetingKind === '组织生活会' ? '党员' : '班子成员'}个人`}在思想、工作、作风等方面存在的问题，诚恳听取您的意见建议。`,
    ),
    form.closesOn &&
      h(
        'span',
        { className: 'po-secondary' },
        `征集截止：${form.closesOn.replace(/^(\d+)-0?(\d+)-0?(\d+)$/, '$1年$2月$3日')}`,
      ),
  );
  const notice = h(
    'div',
    { className: 'po-alert po-alert-success', role: 'note', 'data-testid': 'anonymity-notice' },
    h('div', { className: 'po-alert-title' }, '匿名提交，不留痕迹'),
    h(
      'div',
      {},
      '本页无需登录。系统不记录您的账号、姓名、IP 地址、浏览器或设备信息，也不记录提交的具体时间（只保留日期），本系统的服务器日志同样不记录。意见先加密暂存，再与其他人的意见合批、打乱顺序后显示，只按对象和类别汇总后反馈，任何人（包括管理员）都无法查到是谁提出的。文字本身（写法、只有您知道的细节）也可能透露身份，请不要在意见中写上自己的姓名。',
    ),
  );
  if (!form.open) {
    show(intro, notice, result('info', '本次意见征集已结束', '感谢您的关注。如有意见建议，可直接向党组织反映。'));
    return;
  }

  const list = h('div', { className: 'po-stack' });
  const addButton = h(
    'button',
    {
      type: 'button',
      className: 'po-button po-block',
      onclick: () => {
        lines.push(blank());
        update(true);
        lines[lines.length - 1].el?.querySelector('textarea')?.focus();
      },
    },
    '再提一条',
  );
  const errorBox = h('div', {});
  const submitButton = h('button', {
    type: 'button',
    className: 'po-button po-primary po-block',
    'data-testid': 'submit-opinions',
    onclick: () => void submit(),
  });
  const formArea = h('div', { className: 'po-stack' }, list, addButton, errorBox, submitButton);
  const sentArea = h('div', {});
  const filled = () => lines.filter((l) => l.body.trim());

  function lineElement(l: Line): HTMLElement {
    const name = `target-${l.key}`;
    const title = h('span', {});
    const remove = h(
      'button',
      {
        type: 'button',
        className: 'po-text-button',
        onclick: () => {
          lines = lines.filter((x) => x.key !== l.key);
          update(true);
        },
      },
      '删除',
    );
    const target =
      targets.length <= 6
        ? h(
            'div',
            { className: 'po-radios', role: 'radiogroup' },
            ...targets.map((t) =>
              h(
                'label',
                {},
                h('input', {
                  type: 'radio',
                  name,
                  value: t.value,
                  checked: t.value === l.target,
                  onchange: () => (l.target = t.value),
                }),
                h('span', {}, t.label),
              ),
            ),
          )
        : h(
            'select',
            { onchange: (e: Event) => (l.target = (e.target as HTMLSelectElement).value) },
            ...targets.map((t) => h('option', { value: t.value, selected: t.value === l.target }, t.label)),
          );
    const category = h(
      'select',
      { onchange: (e: Event) => (l.category = (e.target as HTMLSelectElement).value || null) },
      h('option', { value: '' }, '选择类别'),
      ...form.categories.map((c) => h('option', { value: c, selected: c === l.category }, c)),
    );
    const count = h('div', { className: 'po-count', 'aria-live': 'off' });
    const text = h('textarea', {
      rows: 3,
      maxLength: max,
      placeholder: '请具体写出问题或建议，最好有事例',
      value: l.body,
      oninput: (e: Event) => {
        l.body = (e.target as HTMLTextAreaElement).value;
        count.textContent = `${[...l.body].length} / ${max}`;
        update(false);
      },
    });
    count.textContent = `${[...l.body].length} / ${max}`;
    const el = h(
      'section',
      { className: 'po-card', 'data-testid': 'opinion-line' },
      h('div', { className: 'po-card-head' }, title, remove),
      h('div', { className: 'po-field' }, h('span', { className: 'po-label' }, '意见对象：'), target),
      h('div', { className: 'po-field' }, h('span', { className: 'po-label' }, '类别（可不选）：'), category),
      h('div', { className: 'po-field' }, text, count),
    );
    // Labels by position, set again whenever a line above is removed.
    l.relabel = (i, many) => {
      title.textContent = `第${i + 1}条`;
      remove.hidden = !many;
      target.setAttribute('aria-label', `第${i + 1}条的意见对象`);
      category.setAttribute('aria-label', `第${i + 1}条的类别`);
      text.setAttribute('aria-label', `第${i + 1}条意见内容`);
    };
    return el;
  }

  /** Brings the page in line with the state; `structure`: lines were added or removed. */
  function update(structure: boolean) {
    if (structure) {
      list.replaceChildren(
        ...lines.map((l, i) => {
          l.el ??= lineElement(l);
          l.relabel?.(i, lines.length > 1);
          return l.el;
        }),
      );
      addButton.hidden = lines.length >= form.limits.maxPerSubmission;
    }
    const n = filled().length;
    submitButton.disabled = busy || n === 0;
    submitButton.textContent = `${busy ? '正在提交…' : '匿名提交'}${n > 1 ? `（${n}条）` : ''}`;
  }

  function setError(text: string | null) {
    errorBox.replaceChildren(
      ...(text
        ? [
            h(
              'div',
              { className: 'po-alert po-alert-error', role: 'alert', 'data-testid': 'submit-error' },
              h('div', { className: 'po-alert-title' }, text),
            ),
          ]
        : []),
    );
  }

  async function submit() {
    setError(null);
    const ls = filled();
    if (!ls.length) return setError('请至少填写一条意见。');
    const tooLong = ls.findIndex((l) => l.body.trim().length > max);
    if (tooLong >= 0) return setError(`第${tooLong + 1}条意见超过${max}字，请精简后再提交。`);
    busy = true;
    update(false);
    try {
      const opinions: PublicOpinionInput[] = ls.map((l) => ({
        target: l.target === 'group' ? { kind: 'group' } : { kind: 'person', personId: l.target },
        category: l.category,
        body: l.body.trim(),
      }));
      const r = await publicRequest<PublicSubmitResult>('/api/public/opinions', { token, opinions });
      lines = [blank()];
      update(true);
      sentArea.replaceChildren(
        result(
          'success',
          `已收到您的${r.accepted}条意见建议，谢谢！`,
          '您的意见将汇总后反馈给本人，作为对照检查和整改的依据。',
          h(
            'button',
            {
              type: 'button',
              className: 'po-button',
              onclick: () => {
                sentArea.replaceWith(formArea);
                lines[0].el?.querySelector('textarea')?.focus();
              },
            },
            '继续提意见',
          ),
        ),
      );
      formArea.replaceWith(sentArea);
    } catch (e) {
      setError(message(e));
    } finally {
      busy = false;
      update(false);
    }
  }

  update(true);
  show(intro, notice, formArea);
}

document.title = '征求意见建议';
if (!/^[A-Za-z0-9_-]{32,64}$/.test(token)) {
  loadFailed('链接不完整或无效。请重新扫描二维码，或向发放链接的同志索取完整链接。');
} else {
  publicRequest<PublicForm>('/api/public/opinions/form', { token }).then(renderForm, (e) => loadFailed(message(e)));
}
