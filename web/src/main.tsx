import { StrictMode, useEffect } from 'react';
import { createRoot } from 'react-dom/client';
import { ConfigProvider, App as AntApp } from 'antd';
import zhCN from 'antd/locale/zh_CN';
import dayjs from 'dayjs';
import 'dayjs/locale/zh-cn';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { App, firstPageCode } from './App';
import { prefetchFirstData } from './api/early-data';
import { SessionProvider } from './auth/session';
import { ApiError } from './api/client';
// Zero-runtime styles: antd's prebuilt stylesheet instead of generating every component's CSS in
// the browser on first render (that took most of the editor's start-up). The theme's tokens still
// reach the components as CSS variables; component tokens are set in styles.css.
import 'antd/dist/antd.css';
import './styles.css';

dayjs.locale('zh-cn');
performance.mark('app-start');

const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      retry: (n, e) => !(e instanceof ApiError && e.status >= 400 && e.status < 500) && n < 2,
      refetchOnWindowFocus: false,
      staleTime: 15_000,
    },
  },
});

// Tests and print screenshots: no animations (?noanim or navigator.webdriver).
const noMotion = navigator.webdriver || new URLSearchParams(location.search).has('noanim');
if (noMotion) document.documentElement.classList.add('no-motion');

/**
 * The CSS of messages, dialogs, drawers, menus and tooltips (web/vite.config.ts, antdCssByComponent),
 * fetched once the first render has been painted: nothing of them shows before, and the page's own
 * files go first.
 */
function AfterFirstPaint() {
  useEffect(() => {
    requestAnimationFrame(() => setTimeout(() => void import('jianshi:antd-css/overlays'), 0));
  }, []);
  return null;
}

const render = () =>
  createRoot(document.getElementById('root')!).render(
    <StrictMode>
      <ConfigProvider
        locale={zhCN}
        button={{ autoInsertSpace: false }}
        theme={{
          zeroRuntime: true,
          token: {
            colorPrimary: '#c0392b',
            borderRadius: 6,
            fontFamily: '"PingFang SC","Microsoft YaHei","Noto Sans CJK SC","Source Han Sans SC",sans-serif',
            motion: !noMotion,
          },
        }}
      >
        <AntApp>
          <QueryClientProvider client={queryClient}>
            <SessionProvider>
              <App />
              <AfterFirstPaint />
            </SessionProvider>
          </QueryClientProvider>
        </AntApp>
      </ConfigProvider>
    </StrictMode>,
  );

// Rendered once the opened page's code and its first data are here (both were fetched beside this
// bundle): the page then appears in the first render, without loading states in between. Two
// seconds at most: on a stalled network the shell and its loading state show rather than nothing.
const firstPageReady = Promise.all([firstPageCode, prefetchFirstData(queryClient, location.pathname)]);
void Promise.race([firstPageReady, new Promise((ok) => setTimeout(ok, 2000))]).then(render);
