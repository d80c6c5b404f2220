import { Suspense, useState } from 'react';
import { Outlet, useLocation, useNavigate, Link } from 'react-router';
import { Button, Drawer, Dropdown, Layout, Menu, Spin, Tag, Typography } from 'antd';
import type { MenuProps } from 'antd';
import { useSession } from '../auth/session';
import { ROLE_LABELS } from './labels';
import { useMediaQuery, WIDE } from './useMediaQuery';
import { NotificationBell } from '../features/notifications/NotificationBell';

const { Header, Content } = Layout;

export function PageFallback() {
  return (
    <div style={{ padding: 48, textAlign: 'center' }}>
      <Spin description="正在加载…">
        <div style={{ height: 40 }} />
      </Spin>
    </div>
  );
}

export function AppLayout() {
  const { me, logout, isAdmin, roles } = useSession();
  const nav = useNavigate();
  const loc = useLocation();
  const narrow = !useMediaQuery(WIDE);
  const [open, setOpen] = useState(false);
  const items: MenuProps['items'] = [
    { key: '/', label: '工作台' },
    { key: '/meetings', label: '会议' },
    { key: '/ledger', label: '整改台账' },
    ...(isAdmin ? [{ key: '/orgs', label: '组织与人员' }] : []),
  ];
  const selected =
    loc.pathname === '/'
      ? '/'
      : (items.map((i) => String(i!.key)).filter((k) => k !== '/' && loc.pathname.startsWith(k))[0] ?? '');
  const menu = (
    <Menu
      mode={narrow ? 'inline' : 'horizontal'}
      theme={narrow ? 'light' : 'dark'}
      selectedKeys={[selected]}
      items={items}
      onClick={(e) => {
        setOpen(false);
        nav(e.key);
      }}
      style={narrow ? undefined : { flex: 1, minWidth: 0, background: 'transparent' }}
    />
  );
  const roleText = [...roles].map((r) => (ROLE_LABELS as Record<string, string>)[r] ?? r).join('、');
  return (
    <Layout style={{ minHeight: '100vh' }}>
      <a href="#main" className="skip-link">
        跳到正文
      </a>
      <Header
        className="app-header no-print"
        style={{ display: 'flex', alignItems: 'center', gap: 16, paddingInline: narrow ? 12 : 24 }}
      >
        {narrow && (
          <Button
            type="text"
            aria-label="打开菜单"
            onClick={() => setOpen(true)}
            style={{ color: '#fff', fontSize: 20 }}
          >
            ☰
          </Button>
        )}
        <Link to="/" className="brand">
          检视
        </Link>
        {!narrow && menu}
        <div style={{ marginLeft: 'auto', display: 'flex', alignItems: 'center', gap: 8 }}>
          <NotificationBell />
          <Dropdown
            menu={{
              items: [
                { key: 'roles', label: roleText || (isAdmin ? '系统管理员' : '无组织角色'), disabled: true },
                { key: 'password', label: '修改密码' },
                { type: 'divider' },
                { key: 'logout', label: '退出登录' },
              ],
              onClick: async (e) => {
                if (e.key === 'logout') {
                  await logout();
                  nav('/login');
                }
                if (e.key === 'password') nav('/password');
              },
            }}
          >
            <Button type="text" style={{ color: '#fff' }} aria-label="账号菜单" data-testid="user-menu">
              {/* One character in a circle, drawn by CSS: antd's Avatar measures its text on every mount (a forced layout of the whole page at start-up). */}
              <span className="me-avatar" aria-hidden>
                {me?.person.name.slice(-1)}
              </span>
              {me?.person.name}
              {isAdmin && (
                <Tag color="gold" style={{ marginLeft: 8 }}>
                  管理员
                </Tag>
              )}
            </Button>
          </Dropdown>
        </div>
      </Header>
      {narrow && (
        <Drawer open={open} onClose={() => setOpen(false)} placement="left" size={240} title="检视">
          {menu}
        </Drawer>
      )}
      <Layout>
        <Content id="main" tabIndex={-1} className="app-content" style={{ padding: narrow ? 12 : 24 }}>
          <Suspense fallback={<PageFallback />}>
            <Outlet />
          </Suspense>
        </Content>
      </Layout>
      <Typography.Text type="secondary" className="no-print" style={{ textAlign: 'center', padding: 12, fontSize: 12 }}>
        检视 · 民主生活会与组织生活会工作系统（开源自托管）
      </Typography.Text>
    </Layout>
  );
}
