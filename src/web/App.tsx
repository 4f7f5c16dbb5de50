import type { ComponentType } from 'react';
import { I18nProvider, useI18n } from './i18n.tsx';
import { Link, Redirect, usePath } from './router.tsx';
import { loginUrl, SessionProvider, useSession } from './session.tsx';
import { DemoBanner, TopBar } from './components/TopBar.tsx';
import { Alert, Page } from './components/common.tsx';
import { LoginPage } from './pages/LoginPage.tsx';
import { MapPage } from './pages/MapPage.tsx';
import { AccountPage } from './pages/AccountPage.tsx';
import { AdminImportPage } from './pages/AdminImportPage.tsx';
import { AdminUsersPage } from './pages/AdminUsersPage.tsx';
import { AdminAuditPage } from './pages/AdminAuditPage.tsx';
import { AnalysisPage } from './pages/AnalysisPage.tsx';
import { TargetsPage } from './pages/TargetsPage.tsx';
import { AgenciesPage } from './pages/AgenciesPage.tsx';
import { ProjectsPage } from './pages/ProjectsPage.tsx';
import { DashboardPage } from './pages/DashboardPage.tsx';
import { ReviewPage } from './pages/ReviewPage.tsx';
import { IndicatorsPage } from './pages/IndicatorsPage.tsx';
import { EvaluationPage } from './pages/EvaluationPage.tsx';

const ADMIN_PAGES: Record<string, ComponentType> = {
  '/admin/import': AdminImportPage,
  '/admin/users': AdminUsersPage,
  '/admin/audit': AdminAuditPage,
};

function Routes() {
  const { t } = useI18n();
  const { me, ready } = useSession();
  const path = usePath();
  if (!ready) return <div className="splash">{t('loading')}</div>;
  if (path === '/login') {
    if (me) return <Redirect to={me.mustChangePassword ? '/account' : '/'} />;
    return <LoginPage />;
  }
  if (!me) return <Redirect to={loginUrl()} />;
  if (me.mustChangePassword && path !== '/account') return <Redirect to="/account" />;
  if (path === '/') return <MapPage />;
  if (path === '/account') return <AccountPage />;
  if (path === '/analysis') {
    if (me.role !== 'admin' && me.role !== 'analyst')
      return (
        <Page title={t('errorForbidden')}>
          <Alert kind="error">{t('errorForbidden')}</Alert>
        </Page>
      );
    return <AnalysisPage />;
  }
  // Every signed-in role reads target lists (the server limits area officers to their areas).
  if (path === '/targets') return <TargetsPage />;
  // Every signed-in role reads agencies and projects (the server limits what each may change).
  if (path === '/agencies') return <AgenciesPage />;
  if (path === '/projects') return <ProjectsPage />;
  // The dashboard and the review pack: every signed-in role (the server applies need-to-know).
  if (path === '/dashboard') return <DashboardPage />;
  if (path === '/review') return <ReviewPage />;
  if (path === '/indicators') return <IndicatorsPage />;
  // The people's voice: evaluation, comments, needs and village meetings (the server limits each role).
  if (path === '/evaluation') return <EvaluationPage />;
  const Admin = ADMIN_PAGES[path];
  if (Admin) {
    if (me.role !== 'admin')
      return (
        <Page title={t('errorForbidden')}>
          <Alert kind="error">{t('errorForbidden')}</Alert>
        </Page>
      );
    return <Admin />;
  }
  return (
    <Page title={t('notFoundTitle')}>
      <Link href="/">{t('backToMap')}</Link>
    </Page>
  );
}

function Shell() {
  const { config, ready } = useSession();
  const path = usePath();
  return (
    <div className={`app${path === '/' ? ' app-map' : ''}`}>
      {path !== '/login' && <TopBar />}
      {ready && config.hasDemo && <DemoBanner />}
      <Routes />
    </div>
  );
}

/** The COMAP web app. */
export function App() {
  return (
    <I18nProvider>
      <SessionProvider>
        <Shell />
      </SessionProvider>
    </I18nProvider>
  );
}
