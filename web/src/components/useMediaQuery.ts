import { useCallback, useMemo, useSyncExternalStore } from 'react';

/**
 * Whether a CSS media query matches, known in the first render (antd's Grid.useBreakpoint answers
 * only after mount, so the header was drawn first for a phone and at once again for the screen
 * actually there: a second render of the whole shell at start-up).
 */
export function useMediaQuery(query: string): boolean {
  const mq = useMemo(() => window.matchMedia(query), [query]);
  const subscribe = useCallback(
    (onChange: () => void) => {
      mq.addEventListener('change', onChange);
      return () => mq.removeEventListener('change', onChange);
    },
    [mq],
  );
  return useSyncExternalStore(subscribe, () => mq.matches);
}

/** antd's `lg` breakpoint: below it the menu folds into a drawer and the editor's columns stack. */
export const WIDE = '(min-width: 992px)';
