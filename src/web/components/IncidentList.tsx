import type { Incident } from '../api.ts';
import { useI18n } from '../i18n.tsx';
import { categoryIconUrl } from '../map/category-icons.ts';
import { StatusBadge } from './common.tsx';

interface Props {
  items: Incident[];
  total: number | null;
  loading: boolean;
  icons: Map<string, string>;
  onSelect(inc: Incident): void;
}

/** The latest incidents that match the filters; a click shows one on the map. */
export function IncidentList({ items, total, loading, icons, onSelect }: Props) {
  const i = useI18n();
  const { t } = i;
  return (
    <section className="panel-section" aria-labelledby="latest-h">
      <div className="section-head">
        <h2 id="latest-h">{t('latestIncidents')}</h2>
        {total !== null && <span className="muted small">{t('totalIncidents', { n: i.num(total) })}</span>}
      </div>
      {loading && !items.length && <p className="muted">{t('loading')}</p>}
      {!loading && !items.length && <p className="muted">{t('latestEmpty')}</p>}
      <ol className="incident-list" data-testid="incident-list">
        {items.map((inc) => (
          <li key={inc.id}>
            <button type="button" className="incident-item" onClick={() => onSelect(inc)} title={t('showOnMap')}>
              <img src={categoryIconUrl(inc.category.color, icons.get(inc.category.code) ?? 'dot', 20)} alt="" width={20} height={20} />
              <span className="incident-main">
                <span className="incident-cat">{i.label(inc.category)}</span>
                <span className="incident-meta">
                  {i.date(inc.occurredAt)} · {i.areaTitle({ level: 3, ...inc.subdistrict })}
                </span>
              </span>
              <StatusBadge status={inc.status} />
            </button>
          </li>
        ))}
      </ol>
    </section>
  );
}
