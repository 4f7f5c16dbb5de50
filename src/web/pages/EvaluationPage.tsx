import { Page } from '../components/common.tsx';
import { useI18n } from '../i18n.tsx';

/** The people's voice for signed-in users: evaluation, comments, needs and village meetings. */
export function EvaluationPage() {
  const { t } = useI18n();
  return <Page title={t('evaluationNav')}>{null}</Page>;
}
