import { Result } from 'antd';

// Placeholder while the page is being built (replaced in the same session).
export default function AppraisalPage() {
  return <Result status="info" title="民主评议党员" subTitle="此页面正在建设中。" />;
}
