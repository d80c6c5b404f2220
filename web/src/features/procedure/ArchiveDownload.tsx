/**
 * Downloads of the meeting archive: a record as .docx / .xlsx (buttons on the procedure pages), and
 * the whole file set as one .zip (the meeting page) with its progress shown as it arrives. Files
 * are fetched (not opened as links) so that a refusal shows its Chinese message instead of saving
 * an error as a file.
 */
import { useState } from 'react';
import { App, Button, Progress, Space, Tooltip, Typography } from 'antd';
import { errorMessage, request } from '../../api/client';
import { ARCHIVE_LIMITS, ARCHIVE_PART_LABELS, type ArchivePart } from '../../../../src/core/meeting/archive';

export type { ArchivePart };

/** The file name the server gave (filename*=UTF-8''…), else `fallback`. */
function fileNameOf(res: Response, fallback: string): string {
  const cd = res.headers.get('content-disposition') ?? '';
  const m = /filename\*=UTF-8''([^;]+)/i.exec(cd);
  if (m) {
    try {
      return decodeURIComponent(m[1]);
    } catch {
      /* malformed: fall back */
    }
  }
  return fallback;
}

function save(blob: Blob, name: string) {
  const href = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = href;
  a.download = name;
  document.body.appendChild(a);
  a.click();
  a.remove();
  // Give the browser time to start the download before the URL goes.
  setTimeout(() => URL.revokeObjectURL(href), 60_000);
}

/** Read a response to the end, reporting the bytes received. */
async function readAll(res: Response, onBytes: (n: number) => void): Promise<Blob> {
  const type = res.headers.get('content-type') ?? 'application/octet-stream';
  if (!res.body) return new Blob([await res.arrayBuffer()], { type });
  const reader = res.body.getReader();
  const parts: Uint8Array<ArrayBuffer>[] = [];
  let n = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    parts.push(value as Uint8Array<ArrayBuffer>);
    n += value.byteLength;
    onBytes(n);
  }
  return new Blob(parts, { type });
}

const mb = (n: number) =>
  n < 1024 * 1024 ? `${Math.max(1, Math.round(n / 1024))} KB` : `${(n / 1024 / 1024).toFixed(1)} MB`;

const LABELS = ARCHIVE_PART_LABELS;
const XLSX_LABELS: Partial<Record<ArchivePart, string>> = {
  talks: '谈心谈话登记表',
  opinions: '征求意见汇总表',
  appraisal: '民主评议结果',
};

/** "下载会议记录（.docx）" and, where people expect a table, "…（.xlsx）". */
export function ArchiveFileButtons({ meetingId, part }: { meetingId: string; part: ArchivePart }) {
  const { message } = App.useApp();
  const [busy, setBusy] = useState<'docx' | 'xlsx' | null>(null);
  const formats: ('docx' | 'xlsx')[] = XLSX_LABELS[part] ? ['docx', 'xlsx'] : ['docx'];
  async function download(format: 'docx' | 'xlsx') {
    setBusy(format);
    try {
      const res = await request<Response>(`/api/meetings/${meetingId}/archive/${part}`, {
        query: { format },
        raw: true,
      });
      const name = fileNameOf(res, `${LABELS[part]}.${format}`);
      save(await readAll(res, () => {}), name);
      message.success(`已下载：${name}`);
    } catch (e) {
      message.error(errorMessage(e));
    } finally {
      setBusy(null);
    }
  }
  return (
    <Space wrap size={8} className="no-print">
      {formats.map((f) => (
        <Button key={f} loading={busy === f} onClick={() => void download(f)} data-testid={`archive-${part}-${f}`}>
          {f === 'docx' ? `下载${LABELS[part]}（.docx）` : `下载${XLSX_LABELS[part]}（.xlsx）`}
        </Button>
      ))}
    </Space>
  );
}

/** One download of the meeting's whole file set (.zip), with its progress. */
export function ArchiveZipButton({ meetingId }: { meetingId: string }) {
  const { message } = App.useApp();
  const [progress, setProgress] = useState<{ got: number; total: number } | null>(null);
  async function download() {
    setProgress({ got: 0, total: 0 });
    try {
      const res = await request<Response>(`/api/meetings/${meetingId}/archive.zip`, { raw: true });
      const total = Number(res.headers.get('x-archive-bytes')) || 0;
      const files = Number(res.headers.get('x-archive-files')) || 0;
      setProgress({ got: 0, total });
      const blob = await readAll(res, (got) => setProgress({ got, total }));
      const name = fileNameOf(res, '会议档案.zip');
      save(blob, name);
      message.success(`已下载：${name}（${files}个文件，${mb(blob.size)}）`);
    } catch (e) {
      message.error(errorMessage(e));
    } finally {
      setProgress(null);
    }
  }
  const pct = progress && progress.total ? Math.min(99, Math.floor((progress.got * 100) / progress.total)) : 0;
  return (
    <Space orientation="vertical" size={4} className="no-print" data-testid="archive-zip-box">
      <Tooltip
        // Hidden while the download runs, so that the progress under the button stays visible.
        open={progress ? false : undefined}
        title={`目录、会议情况报告、会议记录、谈心谈话、征求意见汇总、民主评议结果、已审核通过的对照检查材料、整改台账；一次最多${
          ARCHIVE_LIMITS.maxEntries
        }个文件、${ARCHIVE_LIMITS.maxBytes / 1024 / 1024} MB`}
      >
        <Button loading={!!progress} onClick={() => void download()} data-testid="archive-zip">
          {progress ? '正在打包下载…' : '下载全部档案（.zip）'}
        </Button>
      </Tooltip>
      {progress && (
        <div style={{ minWidth: 220 }} data-testid="archive-zip-progress" aria-live="polite">
          <Progress percent={pct} size="small" status="active" />
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {progress.got
              ? `已接收 ${mb(progress.got)}${progress.total ? ` / 约 ${mb(progress.total)}` : ''}`
              : '正在生成文件…'}
          </Typography.Text>
        </div>
      )}
    </Space>
  );
}
