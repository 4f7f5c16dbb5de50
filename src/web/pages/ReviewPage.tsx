/** The quarterly review pack (/review). */
import { useI18n } from '../i18n.tsx';
import { Page } from '../components/common.tsx';

export function ReviewPage() {
  const { t } = useI18n();
  return <Page title={t('reviewNav')}>{null}</Page>;
}
