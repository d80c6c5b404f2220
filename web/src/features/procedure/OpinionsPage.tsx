import { Result } from 'antd';

// Placeholder while the page is being built (replaced in the same session).
export default function OpinionsPage() {
  return <Result status="info" title="征求意见" subTitle="此页面正在建设中。" />;
}
