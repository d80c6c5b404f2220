import { useMemo, useState } from 'react';
import {
  Alert,
  App,
  Button,
  Card,
  Col,
  Form,
  Input,
  Modal,
  Radio,
  Row,
  Select,
  Space,
  Switch,
  Table,
  Tabs,
  Tag,
  Tree,
  Typography,
} from 'antd';
import dayjs from 'dayjs';
import { keepPreviousData, useQuery, useQueryClient } from '@tanstack/react-query';
import { invitations, orgs as orgsApi, people as peopleApi, type Invitation } from '../../api/endpoints';
import { errorMessage } from '../../api/client';
import { passwordProblem } from '../../../../src/core/auth/password';
import { useOrgs, usePeople } from '../../api/queries';
import { QueryState } from '../../components/QueryState';
import { ORG_KINDS, ROLE_LABELS } from '../../components/labels';
import type { ListedPerson, Organization } from '../../api/types';
import type { PeopleQuery } from '../../../../src/contract/people';

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
      <Tabs
        items={[
          { key: 'orgs', label: '组织', children: <OrgsTab /> },
          { key: 'people', label: '人员与账号', children: <PeopleTab /> },
        ]}
      />
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
  const [renaming, setRenaming] = useState(false);
  const [err, setErr] = useState<string | null>(null);
  const tree = useMemo(() => buildTree(q.data ?? []), [q.data]);
  const org = q.data?.find((o) => o.id === (sel ?? tree[0]?.key));
  const members = useQuery({
    queryKey: ['memberships', org?.id],
    queryFn: () => orgsApi.memberships(org!.id),
    enabled: !!org,
  });
  const [addForm] = Form.useForm();
  const [orgForm] = Form.useForm();
  const [renameForm] = Form.useForm();
  const pname = (id: string) => peopleQ.data?.find((p) => p.id === id)?.name ?? id;
  return (
    <QueryState
      loading={q.isLoading}
      error={q.error}
      empty={!q.data?.length}
      emptyText={
        <span>
          还没有组织。
          <Button type="link" onClick={() => setCreating(true)}>
            新建顶级组织
          </Button>
        </span>
      }
    >
      <Row gutter={16}>
        <Col xs={24} md={8}>
          <Space style={{ marginBottom: 8 }}>
            <Button size="small" onClick={() => setCreating(true)}>
              新建{org ? '下级' : ''}组织
            </Button>
          </Space>
          <Tree
            treeData={tree}
            defaultExpandAll
            selectedKeys={org ? [org.id] : []}
            onSelect={(k) => k[0] && setSel(String(k[0]))}
            blockNode
          />
        </Col>
        <Col xs={24} md={16}>
          {org && (
            <>
              <Space align="baseline" style={{ marginBottom: 8 }}>
                <Typography.Title level={5} style={{ margin: 0 }}>
                  {org.name} <Tag>{org.kind}</Tag>
                </Typography.Title>
                <Button
                  size="small"
                  type="link"
                  onClick={() => {
                    renameForm.setFieldsValue({ name: org.name, kind: org.kind });
                    setRenaming(true);
                  }}
                >
                  修改名称
                </Button>
              </Space>
              {err && <Alert type="error" showIcon title={err} style={{ marginBottom: 8 }} />}
              <Form
                form={addForm}
                name="addMember"
                layout="inline"
                style={{ marginBottom: 12, rowGap: 8 }}
                onFinish={async (v) => {
                  setErr(null);
                  try {
                    await orgsApi.addMembership(org.id, v.personId, v.role);
                    addForm.resetFields();
                    qc.invalidateQueries({ queryKey: ['memberships', org.id] });
                    message.success('已添加');
                  } catch (e) {
                    setErr(errorMessage(e));
                  }
                }}
              >
                <Form.Item name="personId" rules={[{ required: true, message: '请选择人员' }]}>
                  <Select
                    style={{ width: 180 }}
                    placeholder="选择人员"
                    showSearch={{ optionFilterProp: 'label' }}
                    options={(peopleQ.data ?? []).map((p) => ({ value: p.id, label: p.name }))}
                  />
                </Form.Item>
                <Form.Item name="role" rules={[{ required: true, message: '请选择角色' }]}>
                  <Select
                    style={{ width: 180 }}
                    placeholder="角色"
                    options={Object.entries(ROLE_LABELS).map(([value, label]) => ({ value, label }))}
                  />
                </Form.Item>
                <Button htmlType="submit">添加成员</Button>
              </Form>
              <QueryState loading={members.isLoading} error={members.error}>
                <Table
                  size="small"
                  rowKey="id"
                  pagination={false}
                  dataSource={members.data ?? []}
                  locale={{ emptyText: '暂无成员' }}
                  columns={[
                    { title: '姓名', dataIndex: 'personId', render: (id: string) => pname(id) },
                    {
                      title: '角色',
                      dataIndex: 'role',
                      render: (r: string) => <Tag>{(ROLE_LABELS as Record<string, string>)[r] ?? r}</Tag>,
                    },
                    {
                      title: '',
                      width: 80,
                      render: (_: unknown, r) => (
                        <Button
                          size="small"
                          type="link"
                          danger
                          onClick={async () => {
                            try {
                              await orgsApi.removeMembership(org.id, r.id);
                              qc.invalidateQueries({ queryKey: ['memberships', org.id] });
                            } catch (e) {
                              setErr(errorMessage(e));
                            }
                          }}
                        >
                          移除
                        </Button>
                      ),
                    },
                  ]}
                />
              </QueryState>
            </>
          )}
        </Col>
      </Row>
      <Modal
        open={renaming}
        title="修改组织"
        onCancel={() => setRenaming(false)}
        onOk={() => renameForm.submit()}
        okText="保存"
        cancelText="取消"
      >
        <Form
          form={renameForm}
          name="renameOrg"
          layout="vertical"
          onFinish={async (v) => {
            try {
              await orgsApi.update(org!.id, { name: v.name.trim(), kind: v.kind });
              qc.invalidateQueries({ queryKey: ['orgs'] });
              setRenaming(false);
              message.success('已保存');
            } catch (e) {
              message.error(errorMessage(e));
            }
          }}
        >
          <Form.Item name="name" label="名称" rules={[{ required: true, whitespace: true, message: '请填写名称' }]}>
            <Input />
          </Form.Item>
          <Form.Item name="kind" label="类型">
            <Select options={ORG_KINDS.map((k) => ({ value: k, label: k }))} />
          </Form.Item>
        </Form>
      </Modal>
      <Modal
        open={creating}
        title={org ? `在“${org.name}”下新建组织` : '新建顶级组织'}
        onCancel={() => setCreating(false)}
        onOk={() => orgForm.submit()}
        okText="创建"
        cancelText="取消"
      >
        <Form
          form={orgForm}
          name="createOrg"
          layout="vertical"
          initialValues={{ kind: '党支部' }}
          onFinish={async (v) => {
            try {
              await orgsApi.create({ name: v.name, kind: v.kind, parentId: org?.id ?? null });
              qc.invalidateQueries({ queryKey: ['orgs'] });
              setCreating(false);
              orgForm.resetFields();
            } catch (e) {
              message.error(errorMessage(e));
            }
          }}
        >
          <Form.Item name="name" label="名称" rules={[{ required: true, whitespace: true, message: '请填写名称' }]}>
            <Input />
          </Form.Item>
          <Form.Item name="kind" label="类型">
            <Select options={ORG_KINDS.map((k) => ({ value: k, label: k }))} />
          </Form.Item>
        </Form>
      </Modal>
    </QueryState>
  );
}

/** Memberships grouped by organization, in the order given (one tag per organization). */
function byOrg(ms: ListedPerson['memberships']) {
  const groups = new Map<string, typeof ms>();
  for (const m of ms) groups.set(m.orgId, [...(groups.get(m.orgId) ?? []), m]);
  return [...groups.values()];
}

/** People, searched on the server by name, title, organization and role (those the viewer may see). */
function PeopleTab() {
  const orgsQ = useOrgs();
  const [filter, setFilter] = useState<PeopleQuery>({});
  const q = useQuery({
    queryKey: ['people', 'search', filter],
    queryFn: () => peopleApi.search(filter),
    placeholderData: keepPreviousData,
  });
  const qc = useQueryClient();
  const { message } = App.useApp();
  const [open, setOpen] = useState(false);
  const [form] = Form.useForm();
  const [invited, setInvited] = useState<{ name: string; invitation: Invitation } | null>(null);
  const mode = Form.useWatch('mode', form) ?? 'invite';
  return (
    <QueryState loading={q.isLoading} error={q.error}>
      <Space wrap style={{ marginBottom: 8 }} data-testid="people-filters">
        <Button onClick={() => setOpen(true)}>新建人员 / 账号</Button>
        <Input.Search
          allowClear
          placeholder="搜索姓名、职务、组织或角色"
          aria-label="搜索人员"
          onSearch={(v) => setFilter((f) => ({ ...f, q: v.trim() || undefined }))}
          style={{ width: 240 }}
        />
        <Select
          allowClear
          showSearch={{ optionFilterProp: 'label' }}
          placeholder="组织"
          aria-label="按组织筛选人员"
          style={{ width: 180 }}
          value={filter.orgId}
          onChange={(v?: string) => setFilter((f) => ({ ...f, orgId: v }))}
          options={(orgsQ.data ?? []).map((o) => ({ value: o.id, label: o.name }))}
        />
        <Select
          allowClear
          placeholder="角色"
          aria-label="按角色筛选人员"
          data-testid="people-role"
          style={{ width: 160 }}
          value={filter.role}
          onChange={(v?: PeopleQuery['role']) => setFilter((f) => ({ ...f, role: v }))}
          options={Object.entries(ROLE_LABELS).map(([value, label]) => ({ value, label }))}
        />
        <Typography.Text type="secondary">共 {q.data?.length ?? 0} 人</Typography.Text>
      </Space>
      <Table<ListedPerson>
        size="small"
        rowKey="id"
        dataSource={q.data ?? []}
        loading={q.isFetching && !q.isLoading}
        pagination={{ pageSize: 20, hideOnSinglePage: true }}
        locale={{ emptyText: filter.q || filter.orgId || filter.role ? '没有符合条件的人员' : '暂无人员' }}
        columns={[
          { title: '姓名', dataIndex: 'name' },
          { title: '职务', dataIndex: 'title', render: (t: string | null) => t ?? '—' },
          {
            title: '组织与角色',
            dataIndex: 'memberships',
            render: (ms: ListedPerson['memberships']) =>
              ms?.length ? (
                <Space size={[4, 4]} wrap>
                  {byOrg(ms).map((g) => (
                    <Tag key={g[0].orgId}>
                      {g[0].orgName} ·{' '}
                      {g.map((m) => (ROLE_LABELS as Record<string, string>)[m.role] ?? m.role).join('、')}
                    </Tag>
                  ))}
                </Space>
              ) : (
                <Typography.Text type="secondary">—</Typography.Text>
              ),
          },
          {
            title: '用户名',
            dataIndex: 'username',
            render: (u: string | null, p) =>
              u ?? <Typography.Text type="secondary">{p.hasAccount ? '有账号' : '无账号'}</Typography.Text>,
          },
          {
            title: '电子邮箱',
            dataIndex: 'email',
            render: (e: string | null | undefined, p) => (
              <Typography.Text
                editable={{
                  tooltip: '修改邮箱（用于整改到期提醒）',
                  text: e ?? '',
                  onChange: async (v) => {
                    try {
                      await peopleApi.update(p.id, { email: v.trim() || null });
                      qc.invalidateQueries({ queryKey: ['people'] });
                    } catch (err) {
                      message.error(errorMessage(err));
                    }
                  },
                }}
              >
                {e || <Typography.Text type="secondary">—</Typography.Text>}
              </Typography.Text>
            ),
          },
          {
            title: '状态',
            render: (_: unknown, p) => (
              <Space>
                {p.isAdmin && <Tag color="gold">管理员</Tag>}
                {p.disabled ? <Tag color="red">已停用</Tag> : <Tag color="green">正常</Tag>}
              </Space>
            ),
          },
          {
            title: '',
            width: 180,
            render: (_: unknown, p) => (
              <Space size={0}>
                {(p.username || p.hasAccount) && !p.disabled && (
                  <Button
                    size="small"
                    type="link"
                    onClick={async () => {
                      try {
                        setInvited({ name: p.name, invitation: await peopleApi.invite(p.id) });
                      } catch (e) {
                        message.error(errorMessage(e));
                      }
                    }}
                  >
                    邀请链接
                  </Button>
                )}
                <Button
                  size="small"
                  type="link"
                  onClick={async () => {
                    try {
                      await peopleApi.update(p.id, { disabled: !p.disabled });
                      qc.invalidateQueries({ queryKey: ['people'] });
                    } catch (e) {
                      message.error(errorMessage(e));
                    }
                  }}
                >
                  {p.disabled ? '启用' : '停用'}
                </Button>
              </Space>
            ),
          },
        ]}
      />
      <Modal
        open={open}
        title="新建人员"
        onCancel={() => setOpen(false)}
        onOk={() => form.submit()}
        okText="创建"
        cancelText="取消"
      >
        <Form
          form={form}
          name="createPerson"
          layout="vertical"
          onFinish={async (v) => {
            try {
              const invite = !!v.username && v.mode !== 'password';
              const p = await peopleApi.create({
                name: v.name,
                title: v.title || undefined,
                username: v.username || undefined,
                password: invite ? undefined : v.password || undefined,
                isAdmin: !!v.isAdmin,
                invite,
                email: v.email?.trim() || null,
              });
              qc.invalidateQueries({ queryKey: ['people'] });
              setOpen(false);
              form.resetFields();
              if (p.invitation) setInvited({ name: p.name, invitation: p.invitation });
              else message.success(v.username ? '已创建，请把初始密码告知本人（首次登录后须修改）' : '已创建');
            } catch (e) {
              message.error(errorMessage(e));
            }
          }}
        >
          <Form.Item name="name" label="姓名" rules={[{ required: true, whitespace: true, message: '请填写姓名' }]}>
            <Input />
          </Form.Item>
          <Form.Item name="title" label="职务">
            <Input placeholder="例如：党支部书记" />
          </Form.Item>
          <Form.Item name="username" label="用户名（不填则不开通账号）">
            <Input autoComplete="off" />
          </Form.Item>
          <Form.Item
            name="email"
            label="电子邮箱（整改到期提醒，可不填）"
            rules={[{ type: 'email', message: '电子邮箱格式不正确' }]}
          >
            <Input autoComplete="off" />
          </Form.Item>
          <Form.Item name="mode" label="开通方式" initialValue="invite">
            <Radio.Group
              options={[
                { value: 'invite', label: '发邀请链接，本人设置密码' },
                { value: 'password', label: '设置初始密码' },
              ]}
            />
          </Form.Item>
          {mode === 'password' && (
            <Form.Item
              name="password"
              label="初始密码"
              rules={[
                ({ getFieldValue }) => ({
                  validator: (_, v) => {
                    const p = v ? passwordProblem(v, getFieldValue('username')) : null;
                    return p ? Promise.reject(new Error(p)) : Promise.resolve();
                  },
                }),
              ]}
            >
              <Input.Password autoComplete="new-password" />
            </Form.Item>
          )}
          <Form.Item name="isAdmin" label="系统管理员" valuePropName="checked">
            <Switch />
          </Form.Item>
        </Form>
      </Modal>
      <Modal
        open={!!invited}
        title={`给${invited?.name ?? ''}的邀请链接`}
        onCancel={() => setInvited(null)}
        footer={
          <Button type="primary" onClick={() => setInvited(null)}>
            完成
          </Button>
        }
      >
        {invited && (
          <>
            <Typography.Paragraph>
              请把下面的链接发给本人（例如通过内部通讯工具）。对方打开后自行设置密码；链接只能使用一次，
              {dayjs(invited.invitation.expiresAt).format('YYYY年M月D日 HH:mm')}前有效。
            </Typography.Paragraph>
            <Typography.Paragraph
              copyable={{ text: invitations.link(invited.invitation), tooltips: ['复制链接', '已复制'] }}
              code
              data-testid="invite-link"
              style={{ wordBreak: 'break-all' }}
            >
              {invitations.link(invited.invitation)}
            </Typography.Paragraph>
          </>
        )}
      </Modal>
    </QueryState>
  );
}
