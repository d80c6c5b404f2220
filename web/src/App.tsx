import { lazy, Suspense, type ReactNode } from 'react';
import { BrowserRouter, Navigate, Route, Routes, useLocation } from 'react-router';
import { Alert, Button, Result } from 'antd';
import { useSession } from './auth/session';
import { AppLayout, PageFallback } from './components/AppLayout';
import { errorMessage } from './api/client';

// Every page is its own chunk: the first load carries only the shell.
const LoginPage = lazy(() => import('./features/login/LoginPage'));
const HomePage = lazy(() => import('./features/home/HomePage'));
const OrgsPage = lazy(() => import('./features/orgs/OrgsPage'));
const MeetingsPage = lazy(() => import('./features/meetings/MeetingsPage'));
const MeetingFormPage = lazy(() => import('./features/meetings/MeetingFormPage'));
const MeetingPage = lazy(() => import('./features/meetings/MeetingPage'));
const EditorPage = lazy(() => import('./features/editor/EditorPage'));
const ReviewPage = lazy(() => import('./features/review/ReviewPage'));
const PrintPage = lazy(() => import('./features/print/PrintPage'));
const PasswordPage = lazy(() => import('./features/login/PasswordPage'));

function RequireLogin({ children }: { children: ReactNode }) {
  const { me, loading, error } = useSession();
  const loc = useLocation();
  if (loading) return <PageFallback />;
  if (error)
    return (
      <div style={{ maxWidth: 560, margin: '80px auto' }}>
        <Alert type="error" showIcon title="无法连接服务器" description={errorMessage(error)} action={<Button onClick={() => location.reload()}>重试</Button>} />
      </div>
    );
  if (!me) return <Navigate to={`/login?next=${encodeURIComponent(loc.pathname + loc.search)}`} replace />;
  return <>{children}</>;
}

export function App() {
  return (
    <BrowserRouter>
      <Suspense fallback={<PageFallback />}>
        <Routes>
          <Route path="/login" element={<LoginPage />} />
          <Route path="/materials/:id/print" element={<RequireLogin><PrintPage /></RequireLogin>} />
          <Route element={<RequireLogin><AppLayout /></RequireLogin>}>
            <Route index element={<HomePage />} />
            <Route path="orgs" element={<OrgsPage />} />
            <Route path="meetings" element={<MeetingsPage />} />
            <Route path="meetings/new" element={<MeetingFormPage />} />
            <Route path="meetings/:id" element={<MeetingPage />} />
            <Route path="meetings/:id/edit" element={<MeetingFormPage />} />
            <Route path="materials/:id" element={<EditorPage />} />
            <Route path="materials/:id/review" element={<ReviewPage />} />
            <Route path="password" element={<PasswordPage />} />
            <Route path="*" element={<Result status="404" title="页面不存在" subTitle="您访问的页面不存在或已被移动。" />} />
          </Route>
        </Routes>
      </Suspense>
    </BrowserRouter>
  );
}
