import { useMemo, useState } from 'react';
import { Alert, App, Button, Card, Col, Form, Input, Modal, Row, Select, Space, Switch, Table, Tabs, Tag, Tree, Typography } from 'antd';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { orgs as orgsApi, people as peopleApi } from '../../api/endpoints';
import { errorMessage } from '../../api/client';
import { useOrgs, usePeople } from '../../api/queries';
import { QueryState } from '../../components/QueryState';
import { ORG_KINDS, ROLE_LABELS } from '../../components/labels';
import type { Organization } from '../../api/types';

type TreeNode = { key: string; title: string; children: TreeNode[] };

function buildTree(list: Organization[]): TreeNode[] {
  const nodes = new Map(list.map((o) => [o.id, { key: o.id, title: `${o.name}`, children: [] as TreeNode[] }]));
  const roots: TreeNode[] = [];
  for (const o of [...list].sort((a, b) => (a.sort ?? 0) - (b.sort ?? 0) || a.name.localeCompare(b.name, 'zh-CN'))) {
    const n = nodes.get(o.id)!;
    if (o.parentId && nodes.has(o.parentId)) nodes.get(o.parentId)!.children.push(n);
    else roots.push(n);
  }
  return roots;
}

export default function OrgsPage() {
  return (
    <Card title="组织与人员">
      <Tabs items={[{ key: 'orgs', label: '组织', children: <OrgsTab /> }, { key: 'people', label: '人员与账号', children: <PeopleTab /> }]} />
    </Card>
  );
}

function OrgsTab() {
  const q = useOrgs();
  const peopleQ = usePeople();
  const qc = useQueryClient();
  const { message } = App.useApp();
  const [sel, setSel] = useState<string | null>(null);
  const [creating, setCreating] = useState(false);
  const [err, setErr] = useState<string | null>(null);
  const tree = useMemo(() => buildTree(q.data ?? []), [q.data]);
  const org = q.data?.find((o) => o.id === (sel ?? tree[0]?.key));
  const members = useQuery({ queryKey: ['memberships', org?.id], queryFn: () => orgsApi.memberships(org!.id), enabled: !!org });
  const [addForm] = Form.useForm();
  const [orgForm] = Form.useForm();
  const pname = (id: string) => peopleQ.data?.find((p) => p.id === id)?.name ?? id;
  return (
    <QueryState loading={q.isLoading} error={q.error} empty={!q.data?.length} emptyText={<span>还没有组织。<Button type="link" onClick={() => setCreating(true)}>新建顶级组织</Button></span>}>
      <Row gutter={16}>
        <Col xs={24} md={8}>
          <Space style={{ marginBottom: 8 }}>
            <Button size="small" onClick={() => setCreating(true)}>新建{org ? '下级' : ''}组织</Button>
          </Space>
          <Tree treeData={tree} defaultExpandAll selectedKeys={org ? [org.id] : []} onSelect={(k) => k[0] && setSel(String(k[0]))} blockNode />
        </Col>
        <Col xs={24} md={16}>
          {org && (
            <>
              <Typography.Title level={5}>{org.name} <Tag>{org.kind}</Tag></Typography.Title>
              {err && <Alert type="error" showIcon title={err} style={{ marginBottom: 8 }} />}
              <Form form={addForm} layout="inline" style={{ marginBottom: 12, rowGap: 8 }} onFinish={async (v) => {
                setErr(null);
                try {
                  await orgsApi.addMembership(org.id, v.personId, v.role);
                  addForm.resetFields();
                  qc.invalidateQueries({ queryKey: ['memberships', org.id] });
                  message.success('已添加');
                } catch (e) { setErr(errorMessage(e)); }
              }}>
                <Form.Item name="personId" rules={[{ required: true, message: '请选择人员' }]}>
                  <Select style={{ width: 180 }} placeholder="选择人员" showSearch={{ optionFilterProp: 'label' }} options={(peopleQ.data ?? []).map((p) => ({ value: p.id, label: p.name }))} />
                </Form.Item>
                <Form.Item name="role" rules={[{ required: true, message: '请选择角色' }]}>
                  <Select style={{ width: 180 }} placeholder="角色" options={Object.entries(ROLE_LABELS).map(([value, label]) => ({ value, label }))} />
                </Form.Item>
                <Button htmlType="submit">添加成员</Button>
              </Form>
              <QueryState loading={members.isLoading} error={members.error}>
                <Table size="small" rowKey="id" pagination={false} dataSource={members.data ?? []} locale={{ emptyText: '暂无成员' }} columns={[
                  { title: '姓名', dataIndex: 'personId', render: (id: string, r) => r.personName ?? pname(id) },
                  { title: '角色', dataIndex: 'role', render: (r: string) => <Tag>{(ROLE_LABELS as Record<string, string>)[r] ?? r}</Tag> },
                  { title: '', width: 80, render: (_: unknown, r) => <Button size="small" type="link" danger onClick={async () => {
                    try { await orgsApi.removeMembership(org.id, r.id); qc.invalidateQueries({ queryKey: ['memberships', org.id] }); } catch (e) { setErr(errorMessage(e)); }
                  }}>移除</Button> },
                ]} />
              </QueryState>
            </>
          )}
        </Col>
      </Row>
      <Modal open={creating} title={org ? `在“${org.name}”下新建组织` : '新建顶级组织'} onCancel={() => setCreating(false)} onOk={() => orgForm.submit()} okText="创建" cancelText="取消">
        <Form form={orgForm} layout="vertical" initialValues={{ kind: '党支部' }} onFinish={async (v) => {
          try {
            await orgsApi.create({ name: v.name, kind: v.kind, parentId: org?.id ?? null });
            qc.invalidateQueries({ queryKey: ['orgs'] });
            setCreating(false);
            orgForm.resetFields();
          } catch (e) { message.error(errorMessage(e)); }
        }}>
          <Form.Item name="name" label="名称" rules={[{ required: true, whitespace: true, message: '请填写名称' }]}><Input /></Form.Item>
          <Form.Item name="kind" label="类型"><Select options={ORG_KINDS.map((k) => ({ value: k, label: k }))} /></Form.Item>
        </Form>
      </Modal>
    </QueryState>
  );
}

function PeopleTab() {
  const q = usePeople();
  const qc = useQueryClient();
  const { message } = App.useApp();
  const [open, setOpen] = useState(false);
  const [form] = Form.useForm();
  return (
    <QueryState loading={q.isLoading} error={q.error}>
      <Button style={{ marginBottom: 8 }} onClick={() => setOpen(true)}>新建人员 / 账号</Button>
      <Table size="small" rowKey="id" dataSource={q.data ?? []} pagination={{ pageSize: 20, hideOnSinglePage: true }} columns={[
        { title: '姓名', dataIndex: 'name' },
        { title: '职务', dataIndex: 'title', render: (t: string | null) => t ?? '—' },
        { title: '用户名', dataIndex: 'username', render: (u: string | null) => u ?? <Typography.Text type="secondary">无账号</Typography.Text> },
        { title: '状态', render: (_: unknown, p) => <Space>{p.isAdmin && <Tag color="gold">管理员</Tag>}{p.disabled ? <Tag color="red">已停用</Tag> : <Tag color="green">正常</Tag>}</Space> },
        { title: '', width: 100, render: (_: unknown, p) => <Button size="small" type="link" onClick={async () => {
          try { await peopleApi.update(p.id, { disabled: !p.disabled }); qc.invalidateQueries({ queryKey: ['people'] }); } catch (e) { message.error(errorMessage(e)); }
        }}>{p.disabled ? '启用' : '停用'}</Button> },
      ]} />
      <Modal open={open} title="新建人员" onCancel={() => setOpen(false)} onOk={() => form.submit()} okText="创建" cancelText="取消">
        <Form form={form} layout="vertical" onFinish={async (v) => {
          try {
            await peopleApi.create({ name: v.name, title: v.title || undefined, username: v.username || undefined, password: v.password || undefined, isAdmin: !!v.isAdmin });
            qc.invalidateQueries({ queryKey: ['people'] });
            setOpen(false);
            form.resetFields();
            message.success('已创建，请把初始密码告知本人（首次登录后须修改）');
          } catch (e) { message.error(errorMessage(e)); }
        }}>
          <Form.Item name="name" label="姓名" rules={[{ required: true, whitespace: true, message: '请填写姓名' }]}><Input /></Form.Item>
          <Form.Item name="title" label="职务"><Input placeholder="例如：党支部书记" /></Form.Item>
          <Form.Item name="username" label="用户名（不填则不开通账号）"><Input autoComplete="off" /></Form.Item>
          <Form.Item name="password" label="初始密码" rules={[{ min: 8, message: '至少 8 位' }]}><Input.Password autoComplete="new-password" /></Form.Item>
          <Form.Item name="isAdmin" label="系统管理员" valuePropName="checked"><Switch /></Form.Item>
        </Form>
      </Modal>
    </QueryState>
  );
}
