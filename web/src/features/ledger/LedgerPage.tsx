import { Result } from 'antd';

// Placeholder while the page is being built (replaced in the same session).
export default function LedgerPage() {
  return <Result status="info" title="整改台账" subTitle="此页面正在建设中。" />;
}
