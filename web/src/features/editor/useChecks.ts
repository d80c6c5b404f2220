/** Runs the checks in a Web Worker, debounced, and keeps the latest answer. */
import { useEffect, useRef, useState } from 'react';
import type { CheckRequest, CheckResponse } from './checks.worker';

export function useChecks(text: string, ctx: CheckRequest['ctx'], delay = 150) {
  const worker = useRef<Worker | null>(null);
  const seq = useRef(0);
  const [result, setResult] = useState<CheckResponse | null>(null);
  const [pending, setPending] = useState(false);
  const ctxKey = JSON.stringify(ctx);
  useEffect(() => {
    const w = new Worker(new URL('./checks.worker.ts', import.meta.url), { type: 'module', name: 'checks' });
    worker.current = w;
    w.onmessage = (e: MessageEvent<CheckResponse>) => {
      if (e.data.seq !== seq.current) return;
      setResult(e.data);
      setPending(false);
      performance.mark('checks-ready');
    };
    return () => w.terminate();
  }, []);
  useEffect(() => {
    if (!text.trim()) return;
    setPending(true);
    const t = setTimeout(
      () => {
        seq.current += 1;
        worker.current?.postMessage({ seq: seq.current, text, ctx: JSON.parse(ctxKey) } satisfies CheckRequest);
      },
      result ? delay : 0,
    );
    return () => clearTimeout(t);
    // eslint-disable-next-line react-hooks/exhaustive-deps -- `result` only picks the debounce delay; depending on it would re-run the check on its own answer
  }, [text, ctxKey, delay]);
  return { result, pending };
}
