import { useRef, useState } from 'react';
import { Alert, Spin, Typography } from 'antd';

const ACCEPT = '.docx,.txt,.md';

/** Drag a .docx/.txt here, or press Enter / click to choose one. */
export function ImportDropzone({
  onFile,
  busy,
  error,
  compact,
}: {
  onFile: (f: File) => void;
  busy?: boolean;
  error?: string | null;
  compact?: boolean;
}) {
  const input = useRef<HTMLInputElement>(null);
  const [over, setOver] = useState(false);
  const [bad, setBad] = useState<string | null>(null);
  function take(f: File | undefined) {
    if (!f) return;
    if (!/\.(docx|txt|md)$/i.test(f.name)) {
      setBad(
        /\.(doc|wps)$/i.test(f.name)
          ? '不支持旧版 .doc / .wps 格式：请在 Word 或 WPS 中“另存为” .docx 后再导入。'
          : '请使用 .docx 或 .txt 文件。',
      );
      return;
    }
    setBad(null);
    onFile(f);
  }
  return (
    <div>
      <div
        className={`dropzone${over ? ' over' : ''}`}
        role="button"
        tabIndex={0}
        aria-label="导入材料：拖入 .docx 或 .txt 文件，或按回车选择文件"
        data-testid="dropzone"
        onClick={() => input.current?.click()}
        onKeyDown={(e) => (e.key === 'Enter' || e.key === ' ') && (e.preventDefault(), input.current?.click())}
        onDragOver={(e) => {
          e.preventDefault();
          setOver(true);
        }}
        onDragLeave={() => setOver(false)}
        onDrop={(e) => {
          e.preventDefault();
          setOver(false);
          take(e.dataTransfer.files[0]);
        }}
        style={compact ? { padding: 12 } : undefined}
      >
        <Spin spinning={!!busy} description="正在导入…">
          <Typography.Text strong>把 Word（.docx）或文本（.txt）文件拖到这里</Typography.Text>
          <br />
          <Typography.Text type="secondary">
            或点击选择文件。系统会自动去除水印、付费标记等多余内容，并识别各部分结构，导入后请核对。
          </Typography.Text>
        </Spin>
        <input
          ref={input}
          type="file"
          accept={ACCEPT}
          hidden
          data-testid="file-input"
          onChange={(e) => {
            take(e.target.files?.[0]);
            e.target.value = '';
          }}
        />
      </div>
      {(bad || error) && <Alert style={{ marginTop: 8 }} type="error" showIcon title={bad || error} role="alert" />}
    </div>
  );
}
