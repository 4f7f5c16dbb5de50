/** The indicators (ตัวชี้วัด) page: the province's indicators, their targets and computed values. */
import { useI18n } from '../i18n.tsx';
import { Page } from '../components/common.tsx';

export function IndicatorsPage() {
  const { t } = useI18n();
  return <Page title={t('indicatorsTitle')} intro={t('indicatorsIntro')} wide />;
}
