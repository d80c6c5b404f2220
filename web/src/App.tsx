import { lazy, Suspense, type ComponentType, type ReactNode } from 'react';
import { BrowserRouter, Navigate, Route, Routes, useLocation } from 'react-router';
import { Alert, Button } from 'antd';
import { useSession } from './auth/session';
import { AppLayout, PageFallback } from './components/AppLayout';
import { errorMessage } from './api/client';
import { earlyModuleOf, type EarlyModule } from './early-routes';

// Every page is its own chunk: the first load carries only the shell. The chunk of the page being
// opened is preloaded by the HTML and imported at once, in parallel with the session check (no
// request waterfall); main.tsx renders when it has arrived.
const load: Record<EarlyModule, () => Promise<{ default: ComponentType }>> = {
  'features/login/LoginPage': () => import('./features/login/LoginPage'),
  'features/editor/EditorPage': () => import('./features/editor/EditorPage'),
  'features/review/ReviewPage': () => import('./features/review/ReviewPage'),
  'features/meetings/MeetingPage': () => import('./features/meetings/MeetingPage'),
  'features/home/HomePage': () => import('./features/home/HomePage'),
};
const loaded = new Map<EarlyModule, { default: ComponentType }>();
const fetchPage = (m: EarlyModule) => load[m]().then((mod) => (loaded.set(m, mod), mod));

/**
 * A page whose module has already arrived renders at once: React.lazy is handed a thenable that
 * answers synchronously, so it does not suspend (a Suspense fallback, once shown, holds the page back
 * for up to 300 ms before it is revealed).
 */
function early(m: EarlyModule) {
  return lazy(() => {
    const mod = loaded.get(m);
    return mod
      ? ({ then: (ok: (v: { default: ComponentType }) => void) => ok(mod) } as unknown as Promise<{
          default: ComponentType;
        }>)
      : fetchPage(m);
  });
}

const first = earlyModuleOf(location.pathname);
/** Settles when the page being opened has its code (at once for a page not listed as early). */
export const firstPageCode: Promise<unknown> = first ? fetchPage(first).catch(() => {}) : Promise.resolve();

const LoginPage = early('features/login/LoginPage');
const HomePage = early('features/home/HomePage');
const OrgsPage = lazy(() => import('./features/orgs/OrgsPage'));
const MeetingsPage = lazy(() => import('./features/meetings/MeetingsPage'));
const MeetingFormPage = lazy(() => import('./features/meetings/MeetingFormPage'));
const MeetingPage = early('features/meetings/MeetingPage');
const EditorPage = early('features/editor/EditorPage');
const ReviewPage = early('features/review/ReviewPage');
const PrintPage = lazy(() => import('./features/print/PrintPage'));
const PasswordPage = lazy(() => import('./features/login/PasswordPage'));
const LedgerPage = lazy(() => import('./features/ledger/LedgerPage'));
const LedgerItemPage = lazy(() => import('./features/ledger/LedgerItemPage'));
const OpinionsPage = lazy(() => import('./features/procedure/OpinionsPage'));
const TalksPage = lazy(() => import('./features/procedure/TalksPage'));
const RecordPage = lazy(() => import('./features/procedure/RecordPage'));
const AppraisalPage = lazy(() => import('./features/procedure/AppraisalPage'));
const ReportPage = lazy(() => import('./features/procedure/ReportPage'));
const SimilarityOverviewPage = lazy(() => import('./features/similarity/SimilarityOverviewPage'));
const InvitePage = lazy(() => import('./features/login/InvitePage'));
const NotFound = lazy(() => import('./components/NotFound'));

function RequireLogin({ children }: { children: ReactNode }) {
  const { me, loading, error } = useSession();
  const loc = useLocation();
  if (loading) return <PageFallback />;
  if (error)
    return (
      <div style={{ maxWidth: 560, margin: '80px auto' }}>
        <Alert
          type="error"
          showIcon
          title="无法连接服务器"
          description={errorMessage(error)}
          action={<Button onClick={() => location.reload()}>重试</Button>}
        />
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
          {/* The anonymous opinion form (/o) is a page of its own: web/o.html, src/public-opinion/. */}
          <Route path="/invite" element={<InvitePage />} />
          <Route
            path="/materials/:id/print"
            element={
              <RequireLogin>
                <PrintPage />
              </RequireLogin>
            }
          />
          <Route
            element={
              <RequireLogin>
                <AppLayout />
              </RequireLogin>
            }
          >
            <Route index element={<HomePage />} />
            <Route path="orgs" element={<OrgsPage />} />
            <Route path="meetings" element={<MeetingsPage />} />
            <Route path="meetings/new" element={<MeetingFormPage />} />
            <Route path="meetings/:id" element={<MeetingPage />} />
            <Route path="meetings/:id/edit" element={<MeetingFormPage />} />
            <Route path="meetings/:id/opinions" element={<OpinionsPage />} />
            <Route path="meetings/:id/talks" element={<TalksPage />} />
            <Route path="meetings/:id/record" element={<RecordPage />} />
            <Route path="meetings/:id/appraisal" element={<AppraisalPage />} />
            <Route path="meetings/:id/report" element={<ReportPage />} />
            <Route path="meetings/:id/similarity" element={<SimilarityOverviewPage />} />
            <Route path="ledger" element={<LedgerPage />} />
            <Route path="ledger/:id" element={<LedgerItemPage />} />
            <Route path="materials/:id" element={<EditorPage />} />
            <Route path="materials/:id/review" element={<ReviewPage />} />
            <Route path="password" element={<PasswordPage />} />
            <Route path="*" element={<NotFound />} />
          </Route>
        </Routes>
      </Suspense>
    </BrowserRouter>
  );
}
