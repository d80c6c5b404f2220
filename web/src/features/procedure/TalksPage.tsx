import { Result } from 'antd';

// Placeholder while the page is being built (replaced in the same session).
export default function TalksPage() {
  return <Result status="info" title="谈心谈话" subTitle="此页面正在建设中。" />;
}
