import { useEffect, useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { Alert, Button, Card, Form, Input, Result, Spin, Typography } from 'antd';
import { invitations } from '../../api/endpoints';
import { errorMessage } from '../../api/client';
import { passwordProblem } from '../../../../src/core/auth/password';

/**
 * /invite#<token>: the person named in an administrator's invitation sets their own password.
 * The token is in the fragment, which browsers never send to the server (no access log keeps it).
 */
export default function InvitePage() {
  const token = decodeURIComponent(location.hash.replace(/^#/, ''));
  const nav = useNavigate();
  const [who, setWho] = useState<{ name: string; username: string } | null>(null);
  const [err, setErr] = useState<string | null>(
    token ? null : '链接不完整：请从管理员发给您的链接原样打开（包括“#”后面的部分）。',
  );
  const [done, setDone] = useState(false);
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    if (!token) return;
    invitations.describe(token).then(setWho, (e) => setErr(errorMessage(e)));
  }, [token]);

  if (done)
    return (
      <Result
        status="success"
        title="密码已设置"
        subTitle={`请用用户名“${who?.username}”和刚设置的密码登录。`}
        extra={
          <Button type="primary" onClick={() => nav(`/login?username=${encodeURIComponent(who?.username ?? '')}`)}>
            去登录
          </Button>
        }
      />
    );
  return (
    <div style={{ maxWidth: 440, margin: '64px auto', padding: '0 16px' }}>
      <Card title="接受邀请，设置登录密码">
        {err && (
          <Alert
            type="error"
            showIcon
            title={err}
            style={{ marginBottom: 16 }}
            action={<Link to="/login">去登录</Link>}
          />
        )}
        {!err && !who && (
          <Spin description="正在核对邀请链接…">
            <div style={{ height: 40 }} />
          </Spin>
        )}
        {who && (
          <Form
            layout="vertical"
            onFinish={async (v) => {
              setBusy(true);
              setErr(null);
              try {
                await invitations.accept(token, v.new1);
                setDone(true);
              } catch (e) {
                setErr(errorMessage(e));
              } finally {
                setBusy(false);
              }
            }}
          >
            <Typography.Paragraph>
              {who.name}同志，您好！管理员为您开通了检视系统的账号，用户名为{' '}
              <Typography.Text strong data-testid="invite-username">
                {who.username}
              </Typography.Text>
              。请设置您自己的登录密码（此链接只能使用一次）。
            </Typography.Paragraph>
            <Form.Item
              name="new1"
              label="新密码"
              rules={[
                { required: true, message: '请输入新密码' },
                {
                  validator: (_, v) => {
                    const p = v ? passwordProblem(v, who.username) : null;
                    return p ? Promise.reject(new Error(p)) : Promise.resolve();
                  },
                },
              ]}
            >
              <Input.Password autoComplete="new-password" />
            </Form.Item>
            <Form.Item
              name="new2"
              label="再次输入新密码"
              dependencies={['new1']}
              rules={[
                { required: true, message: '请再次输入新密码' },
                ({ getFieldValue }) => ({
                  validator: (_, v) =>
                    v === getFieldValue('new1') ? Promise.resolve() : Promise.reject(new Error('两次输入的密码不一致')),
                }),
              ]}
            >
              <Input.Password autoComplete="new-password" />
            </Form.Item>
            <Button type="primary" htmlType="submit" loading={busy} block>
              设置密码
            </Button>
          </Form>
        )}
      </Card>
    </div>
  );
}
