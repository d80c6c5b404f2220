import { createContext, useCallback, useContext, useEffect, useMemo, type ReactNode } from 'react';
import { queryOptions, useQuery, useQueryClient } from '@tanstack/react-query';
import { auth } from '../api/endpoints';
import { ApiError, dropEarly, onUnauthenticated } from '../api/client';
import type { Me } from '../api/types';

export interface Session {
  me: Me | null;
  loading: boolean;
  /** Server unreachable (not a 401): the app says so instead of showing the login form. */
  error: unknown;
  login(username: string, password: string): Promise<Me>;
  logout(): Promise<void>;
  roles: Set<string>;
  isAdmin: boolean;
  isSecretary: boolean;
  isReviewer: boolean;
}

const Ctx = createContext<Session | null>(null);

/**
 * Pages for people without a session: the anonymous opinion form (/o) and the invitation (/invite).
 * They never ask the server who is logged in, so a member's browser that happens to hold a session
 * sends no request with its cookie while an opinion is written (see public/boot.js too).
 */
export const isPublicPage = (path: string) => path === '/o' || path === '/invite';

/** Who is logged in (null: nobody). Also filled before the first render (api/early-data.ts). */
export const sessionQuery = queryOptions({
  queryKey: ['me'],
  queryFn: async (): Promise<Me | null> => {
    try {
      return await auth.me();
    } catch (e) {
      if (e instanceof ApiError && e.status === 401) return null;
      throw e;
    }
  },
  staleTime: 5 * 60_000,
  retry: false,
});

export function SessionProvider({ children }: { children: ReactNode }) {
  const qc = useQueryClient();
  const q = useQuery({ ...sessionQuery, enabled: !isPublicPage(location.pathname) });
  useEffect(() => onUnauthenticated(() => qc.setQueryData(['me'], null)), [qc]);
  const login = useCallback(
    async (u: string, p: string) => {
      dropEarly();
      await auth.login(u, p);
      // The login answer may omit memberships: read them from /me.
      const me = await auth.me();
      // Another user's cached data must not survive a login; the session query itself stays observed.
      qc.removeQueries({ predicate: (x) => x.queryKey[0] !== 'me' });
      qc.setQueryData(['me'], me);
      return me;
    },
    [qc],
  );
  const logout = useCallback(async () => {
    dropEarly();
    try {
      await auth.logout();
    } finally {
      qc.removeQueries({ predicate: (x) => x.queryKey[0] !== 'me' });
      qc.setQueryData(['me'], null);
    }
  }, [qc]);
  const value = useMemo<Session>(() => {
    const me = q.data ?? null;
    const roles = new Set((me?.memberships ?? []).map((m) => m.role));
    const isAdmin = !!me?.person.isAdmin || roles.has('admin');
    return {
      me,
      loading: q.isLoading,
      error: q.error,
      login,
      logout,
      roles,
      isAdmin,
      isSecretary: roles.has('secretary'),
      isReviewer: roles.has('reviewer'),
    };
  }, [q.data, q.isLoading, q.error, login, logout]);
  return <Ctx.Provider value={value}>{children}</Ctx.Provider>;
}

export function useSession(): Session {
  const s = useContext(Ctx);
  if (!s) throw new Error('SessionProvider missing');
  return s;
}
