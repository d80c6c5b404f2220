import { ConfigProvider } from 'antd';
import zhCN from 'antd/locale/zh_CN';

export function App() {
  return (
    <ConfigProvider locale={zhCN}>
      <main style={{ padding: 24 }}>
        <h1>检视</h1>
        <p>民主生活会 / 组织生活会 全流程系统</p>
      </main>
    </ConfigProvider>
  );
}
