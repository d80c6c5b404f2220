/** Import a filled-in ledger sheet into an organization: row-by-row errors, "import the correct rows anyway". */
import { useState } from 'react';
import { Alert, App, Button, Modal, Space, Table, Typography, Upload } from 'antd';
import { useQueryClient } from '@tanstack/react-query';
import { ledger } from '../../api/endpoints';
import { errorMessage } from '../../api/client';
import { useSession } from '../../auth/session';
import type { LedgerImportResult } from './types';

export function ImportDialog({ orgId, orgName, onClose }: { orgId: string; orgName: string; onClose: () => void }) {
  const { me } = useSession();
  const qc = useQueryClient();
  const { message } = App.useApp();
  const [file, setFile] = useState<File | null>(null);
  const [busy, setBusy] = useState(false);
  const [err, setErr] = useState<string | null>(null);
  const [result, setResult] = useState<LedgerImportResult | null>(null);

  async function run(allowPartial: boolean) {
    if (!file) return;
    setBusy(true);
    setErr(null);
    try {
      const r = await ledger.importXlsx(orgId, file, allowPartial, me!.csrfToken);
      setResult(r);
      if (!r.blocked && r.created) {
        message.success(`已导入 ${r.created} 项整改事项`);
        await qc.invalidateQueries({ queryKey: ['ledger'] });
      }
    } catch (e) {
      setErr(errorMessage(e));
    } finally {
      setBusy(false);
    }
  }

  const good = result ? Math.max(0, result.total - result.rejected) : 0;
  return (
    <Modal open title={`导入 Excel 台账到“${orgName}”`} onCancel={onClose} width={760} footer={null} destroyOnHidden>
      <Space orientation="vertical" style={{ width: '100%' }}>
        <Typography.Paragraph type="secondary" style={{ margin: 0 }}>
          按本系统导出的台账格式填写（问题编号、来源、类别、问题描述、整改目标、整改措施、责任领导、责任部门、责任人、完成时限、状态等列）。表中有错误时默认不导入任何一行。
        </Typography.Paragraph>
        <Upload.Dragger
          accept=".xlsx"
          maxCount={1}
          beforeUpload={(f) => {
            setFile(f);
            setResult(null);
            setErr(null);
            return false;
          }}
          onRemove={() => setFile(null)}
          fileList={file ? [{ uid: '1', name: file.name, status: 'done' }] : []}
        >
          <p>点击或拖入 .xlsx 文件</p>
        </Upload.Dragger>
        {err && <Alert type="error" showIcon title={err} role="alert" />}
        {result && result.blocked && (
          <Alert
            type="error"
            showIcon
            data-testid="import-blocked"
            title={`表中有 ${result.errors.length} 处错误（涉及 ${result.rejected} 行），未导入任何事项。`}
            description={good > 0 ? `可以修改表格后重新导入，或仅导入无误的 ${good} 行。` : '请修改表格后重新导入。'}
          />
        )}
        {result && !result.blocked && (
          <Alert
            type="success"
            showIcon
            title={`已导入 ${result.created} 项${result.rejected ? `，${result.rejected} 行有错误未导入` : ''}。`}
            data-testid="import-done"
          />
        )}
        {result && result.errors.length > 0 && (
          <Table
            size="small"
            rowKey={(e, i) => `${e.row}-${i}`}
            pagination={false}
            scroll={{ y: 240 }}
            dataSource={result.errors}
            columns={[
              { title: '行', dataIndex: 'row', width: 60 },
              { title: '列', dataIndex: 'column', width: 90, render: (c?: string) => c || '—' },
              { title: '问题', dataIndex: 'message' },
            ]}
            data-testid="import-errors"
          />
        )}
        {result && (result.warnings?.length ?? 0) > 0 && (
          <Alert
            type="warning"
            showIcon
            title="提示"
            description={
              <ul style={{ margin: 0, paddingLeft: 18 }}>
                {result.warnings!.map((w, i) => (
                  <li key={i}>{typeof w === 'string' ? w : w.message}</li>
                ))}
              </ul>
            }
          />
        )}
        <Space style={{ justifyContent: 'flex-end', width: '100%' }}>
          <Button onClick={onClose}>{result && !result.blocked ? '完成' : '取消'}</Button>
          {result?.blocked && good > 0 && (
            <Button danger loading={busy} onClick={() => run(true)}>
              仍然导入无误的 {good} 行
            </Button>
          )}
          {!(result && !result.blocked) && (
            <Button type="primary" disabled={!file} loading={busy} onClick={() => run(false)}>
              导入
            </Button>
          )}
        </Space>
      </Space>
    </Modal>
  );
}
