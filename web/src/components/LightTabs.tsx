/**
 * Tabs that never measure. antd's Tabs measures every tab when it mounts (to place its ink bar and
 * fold tabs that overflow): a forced layout of the whole page in the middle of the editor's first
 * render, some 50 ms on the test machines. The checks column has three or four short tabs that
 * always fit, so here the active tab is underlined by CSS alone.
 *
 * Keyboard as in the WAI-ARIA tabs pattern: the active tab is the one tab stop; arrows, Home and End
 * move between tabs. A panel is mounted when first shown and then kept (hidden), like antd's.
 */
import { useId, useRef, useState, type KeyboardEvent, type ReactNode } from 'react';

export interface LightTab {
  key: string;
  label: ReactNode;
  children: ReactNode;
}

export function LightTabs({ items, defaultActiveKey }: { items: LightTab[]; defaultActiveKey?: string }) {
  const [active, setActive] = useState(defaultActiveKey ?? items[0]?.key);
  const [shown, setShown] = useState<ReadonlySet<string | undefined>>(() => new Set([active]));
  const current = items.some((t) => t.key === active) ? active : items[0]?.key;
  const id = useId();
  const buttons = useRef<(HTMLButtonElement | null)[]>([]);

  const activate = (key: string) => {
    setActive(key);
    setShown((s) => (s.has(key) ? s : new Set(s).add(key)));
  };
  const onKeyDown = (e: KeyboardEvent, i: number) => {
    const n = items.length;
    const to =
      e.key === 'ArrowRight'
        ? (i + 1) % n
        : e.key === 'ArrowLeft'
          ? (i - 1 + n) % n
          : e.key === 'Home'
            ? 0
            : e.key === 'End'
              ? n - 1
              : -1;
    if (to < 0) return;
    e.preventDefault();
    activate(items[to].key);
    buttons.current[to]?.focus();
  };

  return (
    <div className="light-tabs">
      <div role="tablist" className="light-tabs-bar">
        {items.map((t, i) => (
          <button
            key={t.key}
            ref={(el) => {
              buttons.current[i] = el;
            }}
            type="button"
            role="tab"
            id={`${id}-tab-${t.key}`}
            aria-selected={t.key === current}
            aria-controls={`${id}-panel-${t.key}`}
            tabIndex={t.key === current ? 0 : -1}
            className={t.key === current ? 'light-tab active' : 'light-tab'}
            onClick={() => activate(t.key)}
            onKeyDown={(e) => onKeyDown(e, i)}
          >
            {t.label}
          </button>
        ))}
      </div>
      {items.map((t) =>
        shown.has(t.key) || t.key === current ? (
          <div
            key={t.key}
            role="tabpanel"
            id={`${id}-panel-${t.key}`}
            aria-labelledby={`${id}-tab-${t.key}`}
            hidden={t.key !== current}
          >
            {t.children}
          </div>
        ) : null,
      )}
    </div>
  );
}
