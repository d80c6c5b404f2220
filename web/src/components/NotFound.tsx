import { Result } from 'antd';

/** The 404 page, its own chunk: Result carries illustrations nobody needs at start-up. */
export default function NotFound() {
  return <Result status="404" title="页面不存在" subTitle="您访问的页面不存在或已被移动。" />;
}
