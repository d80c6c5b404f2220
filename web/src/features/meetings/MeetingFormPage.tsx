import { useEffect, useMemo, useState } from 'react';
import { useNavigate, useParams } from 'react-router';
import {
  Alert,
  App,
  Button,
  Card,
  Col,
  DatePicker,
  Form,
  Input,
  InputNumber,
  Radio,
  Row,
  Select,
  Space,
  Table,
  Typography,
} from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { frameworks as frameworksApi, meetings as meetingsApi, orgs as orgsApi } from '../../api/endpoints';
import { useFrameworks, useMeeting, useOrgs, usePeople } from '../../api/queries';
import { errorMessage } from '../../api/client';
import { useSession } from '../../auth/session';
import { MEETING_KINDS, PARTICIPANT_ROLES, STAGES } from '../../components/labels';
import type { MeetingInput } from '../../api/types';
import { materialWriters, writesMaterial, type MeetingRole } from '../../../../src/core/meeting/participants';

const CUSTOM = '__custom__';

/** A row of the form's participant table (the name once the meeting has been saved). */
interface ParticipantRow {
  personId: string;
  role: MeetingRole;
  name?: string | null;
}

interface FormValues {
  orgId: string;
  kind: string;
  year: number;
  theme: string;
  frameworkId: string;
  customName?: string;
  customAspects?: string;
  heldOn?: Dayjs | null;
  location?: string;
  stages: Record<string, [Dayjs | null, Dayjs | null] | null>;
}

const MEMBERSHIP_TO_PARTICIPANT: Record<string, MeetingRole> = {
  secretary: 'secretary',
  leader: 'leader',
  member: 'member',
  recorder: 'recorder',
  reviewer: 'supervisor',
};

function defaultMeetingKind(orgKind: string): string {
  return orgKind === '党支部' || orgKind === '党小组' ? '组织生活会' : '民主生活会';
}

/** Default stage dates working back from the meeting day (local practice; editable). */
function defaultStages(held: Dayjs): FormValues['stages'] {
  const d = (n: number) => held.add(n, 'day');
  return {
    opinions: [d(-40), d(-30)],
    talks: [d(-30), d(-20)],
    materials: [d(-25), d(-15)],
    review: [d(-15), d(-7)],
    meeting: [held, held],
    report: [d(1), d(15)],
    rectification: [d(1), d(180)],
  };
}

export default function MeetingFormPage() {
  const { id } = useParams();
  const editing = !!id;
  const existing = useMeeting(id);
  const { me, isAdmin } = useSession();
  const nav = useNavigate();
  const qc = useQueryClient();
  const { message } = App.useApp();
  const orgs = useOrgs();
  const fws = useFrameworks();
  const peopleQ = usePeople();
  const [form] = Form.useForm<FormValues>();
  const orgId = Form.useWatch('orgId', form);
  const frameworkId = Form.useWatch('frameworkId', form);
  const [participants, setParticipants] = useState<ParticipantRow[]>([]);
  const [err, setErr] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const myOrgIds = new Set(
    me!.memberships.filter((m) => m.role === 'secretary' || m.role === 'admin').map((m) => m.orgId),
  );
  const orgOptions = (orgs.data ?? [])
    .filter((o) => isAdmin || myOrgIds.has(o.id))
    .map((o) => ({ value: o.id, label: o.name }));
  const members = useQuery({
    queryKey: ['memberships', orgId],
    queryFn: () => orgsApi.memberships(orgId),
    enabled: !!orgId && !editing,
    retry: false,
  });

  // Pre-fill participants from the organization's members.
  useEffect(() => {
    if (editing || !members.data) return;
    // One row per person, with their strongest role in the organization (书记 before 支委 before 党员).
    const rank: MeetingRole[] = ['secretary', 'leader', 'recorder', 'member'];
    const best = new Map<string, MeetingRole>();
    for (const m of members.data) {
      const role = MEMBERSHIP_TO_PARTICIPANT[m.role];
      if (!role || role === 'supervisor') continue;
      const cur = best.get(m.personId);
      if (!cur || rank.indexOf(role) < rank.indexOf(cur)) best.set(m.personId, role);
    }
    const ps: ParticipantRow[] = [...best]
      .map(([personId, role]) => ({ personId, role }))
      .sort((a, b) => rank.indexOf(a.role) - rank.indexOf(b.role));
    setParticipants(ps);
  }, [members.data, editing]);

  useEffect(() => {
    if (!editing && orgOptions.length && !form.getFieldValue('orgId')) form.setFieldValue('orgId', orgOptions[0].value);
  }, [orgOptions.length, editing, form]); // eslint-disable-line react-hooks/exhaustive-deps -- pre-selects the first organization when the options arrive; their identity changes every render

  // A 党支部 (or 党小组) holds a 组织生活会; a 党委, 党组 or 党总支 a 民主生活会 — unless the user chose.
  const orgKind = (orgs.data ?? []).find((o) => o.id === orgId)?.kind;
  useEffect(() => {
    if (editing || !orgKind || form.isFieldTouched('kind')) return;
    form.setFieldValue('kind', defaultMeetingKind(orgKind));
  }, [orgKind, editing, form]);

  useEffect(() => {
    const m = existing.data;
    if (!m) return;
    const st: FormValues['stages'] = {};
    for (const s of m.stages) st[s.stage] = [s.startOn ? dayjs(s.startOn) : null, s.dueOn ? dayjs(s.dueOn) : null];
    form.setFieldsValue({
      orgId: m.orgId,
      kind: m.kind,
      year: m.year,
      theme: m.theme,
      frameworkId: m.frameworkId ?? '',
      heldOn: m.heldOn ? dayjs(m.heldOn) : null,
      location: m.location ?? '',
      stages: st,
    });
    setParticipants(m.participants);
  }, [existing.data, form]);

  const initial = useMemo<Partial<FormValues>>(() => {
    const year = dayjs().year();
    const held = dayjs().add(45, 'day');
    return { kind: '民主生活会', year, theme: '', frameworkId: '', heldOn: held, stages: defaultStages(held) };
  }, []);

  const fw = (fws.data ?? []).find((f) => f.id === frameworkId);
  const personName = (pid: string) => peopleQ.data?.find((p) => p.id === pid)?.name ?? pid;

  async function submit(v: FormValues) {
    setErr(null);
    setBusy(true);
    try {
      let fwId: string | null = v.frameworkId || null;
      if (v.frameworkId === CUSTOM) {
        const aspects = (v.customAspects ?? '')
          .split('\n')
          .map((l) => l.trim())
          .filter(Boolean)
          .map((l) => {
            const [name, ...aliases] = l.split(/[|｜]/).map((s) => s.trim());
            return {
              name,
              aliases: aliases
                .join('、')
                .split(/[、,，]/)
                .map((s) => s.trim())
                .filter(Boolean),
            };
          });
        const created = await frameworksApi.create({
          orgId: v.orgId,
          id: `custom-${v.year}-${Date.now().toString(36)}`,
          name: v.customName || `${v.year}年${v.kind}（自定义）`,
          year: v.year,
          aspects,
        });
        fwId = created.id;
      }
      const stages = STAGES.map((s) => {
        const r = v.stages?.[s.id];
        return {
          stage: s.id,
          startOn: r?.[0] ? r[0].format('YYYY-MM-DD') : null,
          dueOn: r?.[1] ? r[1].format('YYYY-MM-DD') : null,
          doneAt: existing.data?.stages.find((x) => x.stage === s.id)?.doneAt ?? null,
        };
      }).filter((s) => s.startOn || s.dueOn);
      const input: MeetingInput = {
        orgId: v.orgId,
        // The form offers MEETING_KINDS only.
        kind: v.kind as MeetingInput['kind'],
        year: v.year,
        theme: v.theme.trim(),
        frameworkId: fwId,
        heldOn: v.heldOn ? v.heldOn.format('YYYY-MM-DD') : null,
        location: v.location?.trim() || null,
        stages,
        participants: participants.map(({ personId, role }) => ({ personId, role })),
      };
      const m = editing
        ? await meetingsApi.update(id!, (({ orgId: _o, ...rest }) => rest)(input))
        : await meetingsApi.create(input);
      await qc.invalidateQueries({ queryKey: ['meetings'] });
      qc.setQueryData(['meeting', m.id], m);
      message.success(editing ? '会议已保存' : '会议已创建');
      nav(`/meetings/${m.id}`);
    } catch (e) {
      setErr(errorMessage(e));
    } finally {
      setBusy(false);
    }
  }

  const candidates = (peopleQ.data ?? []).filter((p) => !participants.some((x) => x.personId === p.id) && !p.disabled);
  const everyone = (peopleQ.data ?? [])
    .filter((p) => !p.disabled)
    .map((p) => ({ value: p.id, label: `${p.name}${p.title ? `（${p.title}）` : ''}` }));
  const recorderId = participants.find((p) => p.role === 'recorder')?.personId ?? null;
  const supervisorIds = participants.filter((p) => p.role === 'supervisor').map((p) => p.personId);
  /** Give these people this role: someone already listed changes role, others are added; whoever held it and is no longer chosen leaves. */
  const assignRole = (role: 'recorder' | 'supervisor', ids: string[]) =>
    setParticipants((ps) => [
      ...ps
        .filter((p) => p.role !== role || ids.includes(p.personId))
        .map((p) => (ids.includes(p.personId) ? { ...p, role } : p)),
      ...ids.filter((pid) => !ps.some((p) => p.personId === pid)).map((personId) => ({ personId, role })),
    ]);
  const recorderWasWriter = (() => {
    const before = existing.data?.participants.find((p) => p.personId === recorderId)?.role;
    return before && before !== 'recorder' && writesMaterial(before);
  })();

  return (
    <Card title={editing ? '修改会议' : '新建会议'}>
      {err && <Alert type="error" showIcon title={err} style={{ marginBottom: 16 }} role="alert" />}
      <Form form={form} layout="vertical" initialValues={initial} onFinish={submit} scrollToFirstError>
        <Row gutter={16}>
          <Col xs={24} md={12}>
            <Form.Item name="orgId" label="组织" rules={[{ required: true, message: '请选择召开会议的组织' }]}>
              <Select
                options={orgOptions}
                disabled={editing}
                placeholder="选择组织"
                showSearch={{ optionFilterProp: 'label' }}
              />
            </Form.Item>
          </Col>
          <Col xs={12} md={6}>
            <Form.Item name="year" label="年度" rules={[{ required: true, message: '请填写年度' }]}>
              <InputNumber min={2000} max={2100} style={{ width: '100%' }} />
            </Form.Item>
          </Col>
          <Col xs={12} md={6}>
            <Form.Item name="kind" label="会议类型" rules={[{ required: true }]}>
              <Radio.Group optionType="button" options={MEETING_KINDS.map((k) => ({ value: k, label: k }))} />
            </Form.Item>
          </Col>
        </Row>
        <Form.Item
          name="theme"
          label="会议主题"
          rules={[{ required: true, whitespace: true, message: '请填写会议主题' }]}
        >
          <Input
            placeholder="例如：学习贯彻习近平新时代中国特色社会主义思想主题教育专题民主生活会"
            maxLength={200}
            showCount
          />
        </Form.Item>
        <Form.Item
          name="frameworkId"
          label="检视框架（对照检查的方面）"
          extra={fw ? `${fw.source}` : '选择当年通知规定的方面；也可自定义。'}
        >
          <Select
            showSearch={{ optionFilterProp: 'label' }}
            options={[
              { value: '', label: '暂不指定' },
              // Second, not last: the built-in sets are many, and the list shows only its first rows.
              { value: CUSTOM, label: '自定义框架…' },
              ...(fws.data ?? []).map((f) => ({ value: f.id, label: `${f.name}${f.partial ? '（部分方面）' : ''}` })),
            ]}
          />
        </Form.Item>
        {fw && (
          <Typography.Paragraph type="secondary" data-testid="framework-aspects">
            方面：{fw.aspects.map((a, i) => `${i + 1}. ${a.name}`).join('　')}
          </Typography.Paragraph>
        )}
        {frameworkId === CUSTOM && (
          <Card size="small" style={{ marginBottom: 16, background: '#fafafa' }}>
            <Form.Item name="customName" label="框架名称">
              <Input placeholder="例如：2025年度民主生活会（五个方面）" />
            </Form.Item>
            <Form.Item
              name="customAspects"
              label="方面（每行一个；可在“|”后写简称，用顿号分隔）"
              rules={[{ required: true, message: '至少填写一个方面' }]}
            >
              <Input.TextArea rows={5} placeholder={'带头强化政治忠诚、提高政治能力 | 政治忠诚、政治能力\n带头……'} />
            </Form.Item>
          </Card>
        )}
        <Row gutter={16}>
          <Col xs={24} md={12}>
            <Form.Item name="heldOn" label="召开日期">
              <DatePicker
                style={{ width: '100%' }}
                onChange={(d) => d && !editing && form.setFieldValue('stages', defaultStages(d))}
              />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item name="location" label="地点">
              <Input placeholder="例如：机关三楼会议室" />
            </Form.Item>
          </Col>
        </Row>
        <Typography.Title level={5}>阶段安排</Typography.Title>
        <Row gutter={16}>
          {STAGES.map((s) => (
            <Col xs={24} md={12} xl={8} key={s.id}>
              <Form.Item name={['stages', s.id]} label={s.label} tooltip={s.hint}>
                <DatePicker.RangePicker
                  style={{ width: '100%' }}
                  placeholder={['开始日期', '截止日期']}
                  allowEmpty={[true, true]}
                />
              </Form.Item>
            </Col>
          ))}
        </Row>
        <Typography.Title level={5}>会议角色</Typography.Title>
        <Typography.Paragraph type="secondary">
          书记、班子成员/支委和党员撰写本人材料并接受检视；督导组列席指导、会上点评；记录人负责会议记录，
          不撰写本人材料。
        </Typography.Paragraph>
        <Row gutter={16}>
          <Col xs={24} md={12}>
            <Form.Item label="督导组 / 上级参会人员" tooltip="列席指导并作点评，不撰写对照检查材料">
              <Select
                mode="multiple"
                aria-label="督导组"
                placeholder={peopleQ.error ? '无法读取人员名单' : '选择督导组成员'}
                showSearch={{ optionFilterProp: 'label' }}
                value={supervisorIds}
                options={everyone}
                onChange={(ids: string[]) => assignRole('supervisor', ids)}
              />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item
              label="记录人"
              tooltip="负责会议记录（出席、发言、相互批评、点评），不撰写本人材料"
              extra={recorderWasWriter ? '此人原需撰写本人材料，改为记录人后不再需要撰写。' : undefined}
            >
              <Select
                allowClear
                aria-label="记录人"
                placeholder={peopleQ.error ? '无法读取人员名单' : '选择记录人'}
                showSearch={{ optionFilterProp: 'label' }}
                value={recorderId}
                options={everyone}
                onChange={(pid: string | undefined) => assignRole('recorder', pid ? [pid] : [])}
              />
            </Form.Item>
          </Col>
        </Row>
        <Typography.Title level={5}>
          参会人员（{participants.length} 人，其中撰写材料 {materialWriters(participants).length} 人）
        </Typography.Title>
        <Space style={{ marginBottom: 8 }} wrap>
          <Select
            style={{ minWidth: 240 }}
            placeholder={peopleQ.error ? '无法读取人员名单' : '添加参会人员'}
            showSearch={{ optionFilterProp: 'label' }}
            value={null}
            options={candidates.map((p) => ({ value: p.id, label: `${p.name}${p.title ? `（${p.title}）` : ''}` }))}
            onChange={(pid: string) => setParticipants((ps) => [...ps, { personId: pid, role: 'member' }])}
            aria-label="添加参会人员"
          />
        </Space>
        <Table
          size="small"
          rowKey="personId"
          pagination={false}
          dataSource={participants}
          locale={{ emptyText: '尚未添加参会人员（选择组织后自动带出本组织成员）' }}
          columns={[
            { title: '姓名', dataIndex: 'personId', render: (pid: string, r) => r.name ?? personName(pid) },
            {
              title: '会议角色',
              dataIndex: 'role',
              width: 200,
              render: (role: MeetingRole, r) => (
                <Select
                  size="small"
                  value={role}
                  style={{ width: 180 }}
                  options={Object.entries(PARTICIPANT_ROLES).map(([value, label]) => ({ value, label }))}
                  onChange={(v: MeetingRole) =>
                    setParticipants((ps) => ps.map((p) => (p.personId === r.personId ? { ...p, role: v } : p)))
                  }
                />
              ),
            },
            {
              title: '',
              width: 80,
              render: (_: unknown, r) => (
                <Button
                  size="small"
                  type="link"
                  danger
                  onClick={() => setParticipants((ps) => ps.filter((p) => p.personId !== r.personId))}
                >
                  移除
                </Button>
              ),
            },
          ]}
        />
        <Space style={{ marginTop: 24 }}>
          <Button type="primary" htmlType="submit" loading={busy}>
            {editing ? '保存' : '创建会议'}
          </Button>
          <Button onClick={() => nav(-1)}>取消</Button>
        </Space>
      </Form>
    </Card>
  );
}
