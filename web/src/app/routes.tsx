/**
 * The route table. Every page is its own chunk (React.lazy), so the entry route loads only
 * the shell and the page it shows. Phase-2 pages (record uploads, analysis, releases, the
 * public explorer) slot in here and in navigation.ts.
 */
import { lazy } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, Route, Routes } from 'react-router';
import { SignInPage } from '../features/auth/SignInPage.js';
import { Page } from '../ui/Page.js';
import { RECORD_ROLES, SHARING_ROLES } from './navigation.js';
import { RequireRole } from './RequireRole.js';
import { useSession } from './session.js';
import { PublicFrame, Shell } from './Shell.js';

const HomePage = lazy(() => import('../features/home/HomePage.js'));
const SubmissionPage = lazy(() => import('../features/questionnaire/SubmissionPage.js'));
const QueuePage = lazy(() => import('../features/review/QueuePage.js'));
const CompletenessPage = lazy(() => import('../features/review/CompletenessPage.js'));
const TeamPage = lazy(() => import('../features/team/TeamPage.js'));
const UsersPage = lazy(() => import('../features/admin/UsersPage.js'));
const AuditPage = lazy(() => import('../features/admin/AuditPage.js'));
const SharingPage = lazy(() => import('../features/sharing/SharingPage.js'));
const RecordsPage = lazy(() => import('../features/records/RecordsPage.js'));
const ExplorerPage = lazy(() => import('../features/explorer/ExplorerPage.js'));
const AnalysisPage = lazy(() => import('../features/analysis/AnalysisPage.js'));
const ReleasesPage = lazy(() => import('../features/releases/ReleasesPage.js'));
const ReleasePage = lazy(() => import('../features/releases/ReleasePage.js'));
const TokensPage = lazy(() => import('../features/admin/TokensPage.js'));
const InvitationPage = lazy(() => import('../features/auth/InvitationPage.js'));

export function AppRoutes() {
  const { session } = useSession();
  const signedIn = session?.state === 'signed_in';
  return (
    <Routes>
      <Route
        path="/invite/:token"
        element={
          <PublicFrame>
            <InvitationPage />
          </PublicFrame>
        }
      />
      {signedIn ? (
        <Route element={<Shell />}>
          <Route index element={<HomePage />} />
          <Route path="submissions/:id" element={<SubmissionPage />} />
          <Route
            path="review"
            element={
              <RequireRole roles={['reviewer', 'administrator']}>
                <QueuePage />
              </RequireRole>
            }
          />
          <Route
            path="completeness"
            element={
              <RequireRole roles={['reviewer', 'administrator', 'publisher', 'analyst']} office>
                <CompletenessPage />
              </RequireRole>
            }
          />
          <Route
            path="team"
            element={
              <RequireRole roles={['focal_point']}>
                <TeamPage />
              </RequireRole>
            }
          />
          <Route
            path="records"
            element={
              <RequireRole roles={RECORD_ROLES}>
                <RecordsPage view="upload" />
              </RequireRole>
            }
          />
          <Route
            path="records/new"
            element={
              <RequireRole roles={RECORD_ROLES}>
                <RecordsPage view="entry" />
              </RequireRole>
            }
          />
          <Route
            path="records/duplicates"
            element={
              <RequireRole roles={RECORD_ROLES}>
                <RecordsPage view="duplicates" />
              </RequireRole>
            }
          />
          <Route
            path="sharing"
            element={
              <RequireRole roles={SHARING_ROLES}>
                <SharingPage view="choices" />
              </RequireRole>
            }
          />
          <Route
            path="sharing/data"
            element={
              <RequireRole roles={SHARING_ROLES}>
                <SharingPage view="data" />
              </RequireRole>
            }
          />
          <Route
            path="admin/users"
            element={
              <RequireRole roles={['administrator']}>
                <UsersPage />
              </RequireRole>
            }
          />
          <Route
            path="admin/audit"
            element={
              <RequireRole roles={['administrator']}>
                <AuditPage />
              </RequireRole>
            }
          />
          <Route
            path="analysis"
            element={
              <RequireRole roles={['reviewer', 'analyst', 'publisher', 'administrator']} office>
                <AnalysisPage />
              </RequireRole>
            }
          />
          <Route
            path="releases"
            element={
              <RequireRole roles={['reviewer', 'analyst', 'publisher', 'administrator']} office>
                <ReleasesPage />
              </RequireRole>
            }
          />
          <Route
            path="releases/:id"
            element={
              <RequireRole roles={['reviewer', 'analyst', 'publisher', 'administrator']} office>
                <ReleasePage />
              </RequireRole>
            }
          />
          <Route path="explore" element={<ExplorerPage />} />
          <Route path="tokens" element={<TokensPage />} />
          <Route path="*" element={<NotFound />} />
        </Route>
      ) : (
        <>
          {/* Published data need no account. */}
          <Route
            path="/explore"
            element={
              <PublicFrame>
                <ExplorerPage />
              </PublicFrame>
            }
          />
          <Route
            path="*"
            element={
              <PublicFrame>
                <SignInPage />
              </PublicFrame>
            }
          />
        </>
      )}
    </Routes>
  );
}

function NotFound() {
  const { t } = useTranslation();
  return (
    <Page title={t('errors.notFoundTitle')}>
      <p>{t('errors.notFoundPage')}</p>
      <Link to="/">{t('nav.home')}</Link>
    </Page>
  );
}
