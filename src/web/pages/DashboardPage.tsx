/** The director's dashboard (/dashboard). */
import { useI18n } from '../i18n.tsx';
import { Page } from '../components/common.tsx';

export function DashboardPage() {
  const { t } = useI18n();
  return <Page title={t('dashboardNav')}>{null}</Page>;
}
