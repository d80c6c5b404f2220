/** react-query hooks shared by several pages. */
import { queryOptions, useQueries, useQuery } from '@tanstack/react-query';
import { frameworks, materials, meetings, orgs, people } from './endpoints';
import { ApiError } from './client';
import { builtinFrameworks } from '../../../src/core/frameworks/framework';
import type { Framework } from './types';
import { useSession } from '../auth/session';

export const useOrgs = () => useQuery({ queryKey: ['orgs'], queryFn: orgs.list, staleTime: 60_000 });
export const usePeople = (enabled = true) =>
  useQuery({ queryKey: ['people'], queryFn: people.list, staleTime: 60_000, enabled });
export const useMeetings = () => useQuery({ queryKey: ['meetings'], queryFn: () => meetings.list() });
export const useMeeting = (id: string | undefined) =>
  useQuery({ queryKey: ['meeting', id], queryFn: () => meetings.get(id!), enabled: !!id });
export const useMaterials = (q: { meetingId?: string } = {}) =>
  useQuery({ queryKey: ['materials', q], queryFn: () => materials.list(q) });
/** One material: the editor's and the review page's query, also filled before the first render (early-data.ts). */
export const materialQuery = (id: string) =>
  queryOptions({
    queryKey: ['material', id],
    queryFn: () => materials.get(id),
    // Refused or missing (403/404, known before the first render): shown at once, not asked again.
    retryOnMount: (q) =>
      !(q.state.error instanceof ApiError && q.state.error.status >= 400 && q.state.error.status < 500),
  });
export const useMaterial = (id: string | undefined) => useQuery({ ...materialQuery(id ?? ''), enabled: !!id });
export const useComments = (id: string | undefined) =>
  useQuery({ queryKey: ['comments', id], queryFn: () => materials.comments(id!), enabled: !!id });

/** Built-in frameworks are known to the browser already; the server adds the custom ones. */
export function useFrameworks() {
  return useQuery({
    queryKey: ['frameworks'],
    queryFn: async (): Promise<Framework[]> => {
      const builtin = builtinFrameworks();
      try {
        const server = await frameworks.list();
        const ids = new Set(server.map((f) => f.id));
        return [...server, ...builtin.filter((f) => !ids.has(f.id))];
      } catch {
        return [...builtin];
      }
    },
    staleTime: 5 * 60_000,
  });
}

export function useMeetingDetails(ids: string[]) {
  return useQueries({ queries: ids.map((id) => ({ queryKey: ['meeting', id], queryFn: () => meetings.get(id) })) });
}

/**
 * id → name. The views that show people carry the names their viewer may see (meeting participants,
 * workflow history, ledger items): that name comes first. The people directory is asked only by
 * those who may list it (administrators, secretaries), as a fallback for ids a view did not name.
 */
export function usePeopleNames() {
  const { isAdmin, isSecretary } = useSession();
  const q = useQuery({
    queryKey: ['people'],
    queryFn: people.list,
    staleTime: 60_000,
    retry: false,
    enabled: isAdmin || isSecretary,
  });
  const map = new Map((q.data ?? []).map((p) => [p.id, p.name]));
  return (id: string | null | undefined, fallback?: string | null) => (id ? (fallback ?? map.get(id) ?? '—') : '—');
}
