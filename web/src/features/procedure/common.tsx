/** Pieces shared by the procedure pages: the page frame, save state, permissions, debounced saves. */
import { useCallback, useEffect, useRef, useState, type ReactNode } from 'react';
import { Link, useParams } from 'react-router';
import { Breadcrumb, Space, Tag, Typography } from 'antd';
import { useMeeting, useOrgs } from '../../api/queries';
import { useSession } from '../../auth/session';
import { errorMessage } from '../../api/client';
import type { MeetingDetail } from '../../api/types';
import { today } from '../../../../src/core/meeting/dates';

import {
  CORE_ROLES,
  MEETING_ROLE_LABELS,
  rolesLabel,
  type MeetingRole,
} from '../../../../src/core/meeting/participants';

/** The participant roles' names and the roles under examination: the core's one list. */
export const ROLE_NAMES: Readonly<Record<string, string>> = MEETING_ROLE_LABELS;
export { CORE_ROLES, rolesLabel };
export const isCore = (roles: readonly string[]) => roles.some((r) => CORE_ROLES.includes(r as MeetingRole));

/** The meeting of the page (from the route), with its organization's name. */
export function useProcedureMeeting() {
  const { id } = useParams();
  const q = useMeeting(id);
  const orgs = useOrgs();
  const orgName = orgs.data?.find((o) => o.id === q.data?.orgId)?.name ?? '';
  return { id: id!, meeting: q.data, orgName, query: q };
}

/** What the signed-in person may do in this meeting (mirrors src/core/meeting/policy.ts; the server decides). */
export function useMeetingRights(m: MeetingDetail | undefined) {
  const { me } = useSession();
  const myId = me?.person.id ?? '';
  const ms = me?.memberships ?? [];
  const orgRole = (role: string) => !!m && ms.some((x) => x.orgId === m.orgId && x.role === role);
  const meetingRoles = (m?.participants ?? []).filter((p) => p.personId === myId).map((p) => p.role);
  const isAdminAbove = !!m && ms.some((x) => x.role === 'admin');
  const secretary = orgRole('secretary') || meetingRoles.includes('secretary') || isAdminAbove;
  const recorder = orgRole('recorder') || meetingRoles.includes('recorder');
  return {
    myId,
    secretary,
    recorder,
    participant: meetingRoles.length > 0,
    core: meetingRoles.some((r) => CORE_ROLES.includes(r)),
    reviewer: ms.some((x) => x.role === 'reviewer'),
    writeRecord: secretary || recorder,
  };
}

/** Header of a procedure page: where it is (meeting → stage) and what it is about. */
export function ProcedureFrame({
  meeting,
  title,
  extra,
  children,
}: {
  meeting: MeetingDetail | undefined;
  title: string;
  extra?: ReactNode;
  children: ReactNode;
}) {
  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      <div
        className="no-print"
        style={{ display: 'flex', justifyContent: 'space-between', alignItems: 'center', flexWrap: 'wrap', gap: 8 }}
      >
        <div>
          <Breadcrumb
            items={[
              { title: <Link to="/meetings">会议</Link> },
              {
                title: meeting ? (
                  <Link to={`/meetings/${meeting.id}`}>
                    {meeting.year}年{meeting.kind}
                  </Link>
                ) : (
                  '…'
                ),
              },
              { title },
            ]}
          />
          <Typography.Title level={3} style={{ margin: '8px 0 0' }} data-testid="page-title">
            {title}
          </Typography.Title>
          {meeting && <Typography.Text type="secondary">{meeting.theme}</Typography.Text>}
        </div>
        {extra}
      </div>
      {children}
    </Space>
  );
}

export type SaveState =
  { kind: 'idle' } | { kind: 'saving' } | { kind: 'saved'; at: Date } | { kind: 'error'; message: string };

export function SaveIndicator({ state }: { state: SaveState }) {
  const text =
    state.kind === 'saving'
      ? '正在保存…'
      : state.kind === 'saved'
        ? `已自动保存 ${state.at.toLocaleTimeString('zh-CN', { hour12: false })}`
        : state.kind === 'error'
          ? `保存失败：${state.message}`
          : '修改会自动保存';
  return (
    <Tag
      color={
        state.kind === 'error'
          ? 'error'
          : state.kind === 'saved'
            ? 'success'
            : state.kind === 'saving'
              ? 'processing'
              : 'default'
      }
      data-testid="save-state"
    >
      {text}
    </Tag>
  );
}

/**
 * Run saves one after another and report their state; `debounce(key, fn)` waits until typing
 * pauses (per field) and flushes pending saves when the page is left.
 */
export function useSaver(delay = 800) {
  const [state, setState] = useState<SaveState>({ kind: 'idle' });
  const timers = useRef(new Map<string, { t: ReturnType<typeof setTimeout>; fn: () => Promise<unknown> }>());
  const chain = useRef<Promise<unknown>>(Promise.resolve());
  const run = useCallback((fn: () => Promise<unknown>) => {
    setState({ kind: 'saving' });
    const p = chain.current.then(fn).then(
      () => setState({ kind: 'saved', at: new Date() }),
      (e) => {
        setState({ kind: 'error', message: errorMessage(e) });
        throw e;
      },
    );
    chain.current = p.catch(() => undefined);
    return p;
  }, []);
  const debounce = useCallback(
    (key: string, fn: () => Promise<unknown>) => {
      const old = timers.current.get(key);
      if (old) clearTimeout(old.t);
      setState({ kind: 'saving' });
      const t = setTimeout(() => {
        timers.current.delete(key);
        run(fn).catch(() => undefined);
      }, delay);
      timers.current.set(key, { t, fn });
    },
    [delay, run],
  );
  useEffect(() => {
    const map = timers.current;
    return () => {
      for (const { t, fn } of map.values()) {
        clearTimeout(t);
        void fn().catch(() => undefined);
      }
      map.clear();
    };
  }, []);
  return { state, run, debounce };
}

/** Today where the organization is (China Standard Time), as the server counts days. */
export const todayIso = (): string => today();
