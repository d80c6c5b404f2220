import { useState } from 'react';
import { Alert, Button, Card, Form, Input, App } from 'antd';
import { auth } from '../../api/endpoints';
import { errorMessage } from '../../api/client';
import { passwordProblem } from '../../../../src/core/auth/password';

export default function PasswordPage() {
  const [err, setErr] = useState<string | null>(null);
  const { message } = App.useApp();
  const [form] = Form.useForm();
  return (
    <Card title="修改密码" style={{ maxWidth: 480 }}>
      {err && <Alert type="error" showIcon title={err} style={{ marginBottom: 16 }} />}
      <Form
        form={form}
        layout="vertical"
        onFinish={async (v) => {
          setErr(null);
          try {
            await auth.changePassword(v.old, v.new1);
            message.success('密码已修改');
            form.resetFields();
          } catch (e) {
            setErr(errorMessage(e));
          }
        }}
      >
        <Form.Item name="old" label="当前密码" rules={[{ required: true, message: '请输入当前密码' }]}>
          <Input.Password autoComplete="current-password" />
        </Form.Item>
        <Form.Item
          name="new1"
          label="新密码"
          rules={[
            { required: true, message: '请输入新密码' },
            {
              validator: (_, v) => {
                const p = v ? passwordProblem(v) : null;
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
        <Button type="primary" htmlType="submit">
          保存
        </Button>
      </Form>
    </Card>
  );
}
