import { Result } from 'antd';

// Placeholder while the page is being built (replaced in the same session).
export default function ReportPage() {
  return <Result status="info" title="会议情况报告" subTitle="此页面正在建设中。" />;
}
