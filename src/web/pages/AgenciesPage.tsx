/** The agencies page. */
import { useI18n } from '../i18n.tsx';
import { Page } from '../components/common.tsx';

export function AgenciesPage() {
  const { t } = useI18n();
  return <Page title={t('agenciesNav')}>{null}</Page>;
}
