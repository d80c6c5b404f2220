/**
 * The data the opened page shows first, in the query cache before the first render: the session,
 * and the material when a material (or its review) is opened. Their requests left while the HTML
 * was parsed (public/boot.js; the query functions take those answers through the API client), so
 * waiting for them here costs nothing, and the page renders once, with its content — not first a
 * loading state, then the shell, then the page, each a full render a timer hop apart (that was a
 * third of the editor's start-up).
 */
import type { QueryClient } from '@tanstack/react-query';
import { isPublicPage, sessionQuery } from '../auth/session';
import { materialQuery } from './queries';
import { ApiError } from './client';

/** The same paths as public/boot.js's material read. */
const MATERIAL_PAGE = /^\/materials\/([0-9A-Za-z-]{1,80})(?:\/review)?\/?$/;

/** Settles when the early reads are in the cache (failed ones as errors: the page shows them). */
export function prefetchFirstData(qc: QueryClient, path: string): Promise<unknown> {
  if (isPublicPage(path)) return Promise.resolve();
  const material = MATERIAL_PAGE.exec(path);
  const m = material && materialQuery(material[1]);
  return Promise.all([qc.prefetchQuery(sessionQuery), m && qc.prefetchQuery(m)]).then(() => {
    // The session ended between the two reads: logged out, as a 401 later would do (the client's
    // listener for that is registered only once the app has rendered).
    const e = m && qc.getQueryState(m.queryKey)?.error;
    if (e instanceof ApiError && e.status === 401) qc.setQueryData(sessionQuery.queryKey, null);
  });
}
