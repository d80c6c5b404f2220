import { useEffect, useState } from 'react';
import { Navigate, useNavigate, useSearchParams } from 'react-router';
import { Alert, Button, Card, Form, Input, List, Tag, Typography } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { auth } from '../../api/endpoints';
import { errorMessage } from '../../api/client';
import { useSession } from '../../auth/session';

export default function LoginPage() {
  const { me, login } = useSession();
  const nav = useNavigate();
  const [params] = useSearchParams();
  const next = params.get('next') || '/';
  const [form] = Form.useForm<{ username: string; password: string }>();
  const [err, setErr] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    performance.mark('login-ready');
  }, []);
  const demo = useQuery({ queryKey: ['demo-accounts'], queryFn: auth.demoAccounts, retry: false, staleTime: Infinity });
  if (me) return <Navigate to={next} replace />;

  async function submit(v: { username: string; password: string }) {
    setBusy(true);
    setErr(null);
    try {
      await login(v.username.trim(), v.password);
      nav(next.startsWith('/') ? next : '/', { replace: true });
    } catch (e) {
      setErr(errorMessage(e));
    } finally {
      setBusy(false);
    }
  }

  return (
    <div
      style={{
        minHeight: '100vh',
        display: 'flex',
        alignItems: 'center',
        justifyContent: 'center',
        background: 'linear-gradient(160deg,#9e1b1b 0%,#c0392b 45%,#f5f5f5 45%)',
        padding: 16,
      }}
    >
      <div style={{ width: '100%', maxWidth: 440 }}>
        <Typography.Title level={2} style={{ color: '#fff', textAlign: 'center', letterSpacing: 8, marginBottom: 4 }}>
          检视
        </Typography.Title>
        <Typography.Paragraph style={{ color: '#fff', textAlign: 'center' }}>
          民主生活会 · 组织生活会 工作系统
        </Typography.Paragraph>
        <Card title="登录" variant="borderless" style={{ boxShadow: '0 4px 16px rgba(0,0,0,.12)' }}>
          {err && <Alert type="error" showIcon title={err} style={{ marginBottom: 16 }} role="alert" />}
          <Form
            form={form}
            layout="vertical"
            onFinish={submit}
            requiredMark={false}
            autoComplete="on"
            initialValues={{ username: params.get('username') ?? '' }}
          >
            <Form.Item name="username" label="用户名" rules={[{ required: true, message: '请输入用户名' }]}>
              <Input autoFocus autoComplete="username" placeholder="用户名" size="large" />
            </Form.Item>
            <Form.Item name="password" label="密码" rules={[{ required: true, message: '请输入密码' }]}>
              <Input.Password autoComplete="current-password" placeholder="密码" size="large" />
            </Form.Item>
            <Button type="primary" htmlType="submit" block size="large" loading={busy}>
              登录
            </Button>
          </Form>
        </Card>
        {demo.data && demo.data.length > 0 && (
          <Card
            size="small"
            title="演示账号（仅演示模式显示，点击即可填入）"
            style={{ marginTop: 16 }}
            data-testid="demo-accounts"
          >
            <List
              size="small"
              dataSource={demo.data}
              renderItem={(a) => (
                <List.Item
                  actions={[
                    <Button
                      key="use"
                      size="small"
                      type="link"
                      onClick={() => {
                        form.setFieldsValue({ username: a.username, password: a.password });
                        form.submit();
                      }}
                    >
                      以此身份登录
                    </Button>,
                  ]}
                >
                  <List.Item.Meta
                    title={
                      <span>
                        {a.name} {a.role && <Tag>{a.role}</Tag>}
                      </span>
                    }
                    description={
                      <span>
                        用户名 <Typography.Text code>{a.username}</Typography.Text> 密码{' '}
                        <Typography.Text code>{a.password}</Typography.Text>
                      </span>
                    }
                  />
                </List.Item>
              )}
            />
          </Card>
        )}
      </div>
    </div>
  );
}
