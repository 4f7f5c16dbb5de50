/** The projects page. */
import { useI18n } from '../i18n.tsx';
import { Page } from '../components/common.tsx';

export function ProjectsPage() {
  const { t } = useI18n();
  return <Page title={t('projectsNav')}>{null}</Page>;
}
