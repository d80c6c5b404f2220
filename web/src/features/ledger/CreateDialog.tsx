/** Enter one ledger item by hand (the secretary, the administrator or the superior). */
import { useState } from 'react';
import { useNavigate } from 'react-router';
import { Alert, App, Col, Form, Input, Modal, Row, Select } from 'antd';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import dayjs from 'dayjs';
import { ledger } from '../../api/endpoints';
import { errorMessage } from '../../api/client';
import { usePeople } from '../../api/queries';
import { orgs as orgsApi } from '../../api/endpoints';
import { DEADLINE_KIND_LABELS, LEDGER_SOURCES } from './common';
import { DateField } from './DateField';

interface CreateValues {
  source: (typeof LEDGER_SOURCES)[number];
  aspect?: string;
  problem: string;
  target?: string;
  measures?: string;
  leaderName?: string;
  department?: string;
  ownerId?: string;
  deadlineKind: 'date' | 'immediate' | 'ongoing';
  deadlineOn?: string;
  year: number;
}

export function CreateDialog({ orgId, orgName, onClose }: { orgId: string; orgName: string; onClose: () => void }) {
  const qc = useQueryClient();
  const nav = useNavigate();
  const { message } = App.useApp();
  const [form] = Form.useForm<CreateValues>();
  const [err, setErr] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const people = usePeople();
  const members = useQuery({
    queryKey: ['memberships', orgId],
    queryFn: () => orgsApi.memberships(orgId),
    retry: false,
  });
  const memberIds = new Set((members.data ?? []).map((m) => m.personId));
  const ownerOptions = (people.data ?? [])
    .filter((p) => memberIds.has(p.id))
    .map((p) => ({ value: p.id, label: p.name }));
  const kind = Form.useWatch('deadlineKind', form);

  async function submit(v: CreateValues) {
    setErr(null);
    setBusy(true);
    try {
      const t = (s?: string) => (s?.trim() ? s.trim() : null);
      const [item] = await ledger.create(orgId, [
        {
          year: v.year,
          source: v.source,
          aspect: t(v.aspect),
          problem: v.problem.trim(),
          target: t(v.target),
          measures: t(v.measures),
          leaderName: t(v.leaderName),
          department: t(v.department),
          ownerId: v.ownerId ?? null,
          deadlineKind: v.deadlineKind,
          deadlineOn: v.deadlineKind === 'date' ? (v.deadlineOn ?? null) : null,
        },
      ]);
      message.success(`已新建整改事项 ${item.number}`);
      await qc.invalidateQueries({ queryKey: ['ledger'] });
      onClose();
      nav(`/ledger/${item.id}`);
    } catch (e) {
      setErr(errorMessage(e));
    } finally {
      setBusy(false);
    }
  }

  return (
    <Modal
      open
      title={`新建整改事项（${orgName}）`}
      onCancel={onClose}
      okText="创建"
      cancelText="取消"
      onOk={() => form.submit()}
      okButtonProps={{ loading: busy }}
      width={640}
      destroyOnHidden
    >
      {err && <Alert type="error" showIcon title={err} role="alert" style={{ marginBottom: 12 }} />}
      <Form
        form={form}
        layout="vertical"
        onFinish={submit}
        initialValues={{ source: '自查', deadlineKind: 'date', year: dayjs().year() }}
      >
        <Row gutter={12}>
          <Col span={8}>
            <Form.Item name="source" label="来源" rules={[{ required: true, message: '请选择来源' }]}>
              <Select options={LEDGER_SOURCES.map((s) => ({ value: s, label: s }))} />
            </Form.Item>
          </Col>
          <Col span={8}>
            <Form.Item name="aspect" label="类别（方面）">
              <Input maxLength={100} />
            </Form.Item>
          </Col>
          <Col span={8}>
            <Form.Item name="year" label="年度" rules={[{ required: true, message: '请填写年度' }]}>
              <Select
                options={[0, 1, 2].map((k) => ({ value: dayjs().year() - k, label: `${dayjs().year() - k}年度` }))}
              />
            </Form.Item>
          </Col>
        </Row>
        <Form.Item
          name="problem"
          label="问题描述"
          rules={[{ required: true, whitespace: true, message: '请填写问题描述' }]}
        >
          <Input.TextArea rows={2} />
        </Form.Item>
        <Form.Item name="target" label="整改目标 / 标准">
          <Input.TextArea rows={1} />
        </Form.Item>
        <Form.Item name="measures" label="整改措施">
          <Input.TextArea rows={2} />
        </Form.Item>
        <Row gutter={12}>
          <Col span={8}>
            <Form.Item name="leaderName" label="责任领导">
              <Input maxLength={100} />
            </Form.Item>
          </Col>
          <Col span={8}>
            <Form.Item name="department" label="责任部门">
              <Input maxLength={100} />
            </Form.Item>
          </Col>
          <Col span={8}>
            <Form.Item
              name="ownerId"
              label="责任人"
              extra={ownerOptions.length ? '不选则为单位（班子）事项' : '无法读取人员名单：将作为单位（班子）事项'}
            >
              <Select allowClear showSearch={{ optionFilterProp: 'label' }} options={ownerOptions} />
            </Form.Item>
          </Col>
        </Row>
        <Row gutter={12}>
          <Col span={10}>
            <Form.Item name="deadlineKind" label="完成时限">
              <Select
                options={(['date', 'immediate', 'ongoing'] as const).map((k) => ({
                  value: k,
                  label: DEADLINE_KIND_LABELS[k],
                }))}
              />
            </Form.Item>
          </Col>
          {kind === 'date' && (
            <Col span={14}>
              <Form.Item
                name="deadlineOn"
                label="完成日期"
                rules={[
                  { required: true, message: '请选择完成日期' },
                  { pattern: /^\d{4}-\d{2}-\d{2}$/, message: '日期格式为 YYYY-MM-DD' },
                ]}
              >
                <DateField />
              </Form.Item>
            </Col>
          )}
        </Row>
      </Form>
    </Modal>
  );
}
