/** Previous / next pages of a long list, with "items 21-40 of 57". */
import { useI18n } from '../../i18n.tsx';

export function Pager({ total, offset, size, onOffset }: { total: number; offset: number; size: number; onOffset(n: number): void }) {
  const { t, num } = useI18n();
  if (total <= size) return null;
  const last = Math.min(total, offset + size);
  const go = (n: number) => {
    onOffset(n);
    requestAnimationFrame(() => window.scrollTo({ top: 0 }));
  };
  return (
    <nav className="pager fb-pager" aria-label={t('feedbackPages')}>
      <button type="button" className="btn btn-small" disabled={offset === 0} onClick={() => go(Math.max(0, offset - size))}>
        {t('feedbackPrev')}
      </button>
      <span className="small">{t('feedbackRange', { from: num(offset + 1), to: num(last), n: num(total) })}</span>
      <button type="button" className="btn btn-small" disabled={last >= total} onClick={() => go(offset + size)}>
        {t('feedbackNext')}
      </button>
    </nav>
  );
}
