import { useEffect, useState, type ReactNode } from 'react';
import { createPortal } from 'react-dom';
import { Popup, type Map as MlMap } from 'maplibre-gl';
import type { AreaCount, Incident } from '../api.ts';
import { useApi } from '../hooks.ts';
import { useI18n } from '../i18n.tsx';
import { categoryIconUrl } from '../map/category-icons.ts';
import type { Metric } from '../url-state.ts';
import { ClassificationBadge, errorText, StatusBadge } from './common.tsx';

/** A MapLibre popup whose content is rendered by React (text only, never HTML strings). */
export function MapPopup({ map, lngLat, onClose, children }: { map: MlMap; lngLat: [number, number]; onClose(): void; children: ReactNode }) {
  const [el] = useState(() => document.createElement('div'));
  useEffect(() => {
    const popup = new Popup({ maxWidth: '360px', closeButton: true, closeOnClick: false, focusAfterOpen: false, className: 'comap-popup' })
      .setLngLat(lngLat)
      .setDOMContent(el)
      .addTo(map);
    popup.on('close', onClose);
    // The details arrive after the popup opens: place it again (anchor above or below the point)
    // when its size changes, and bring it into view if it sticks out of the map.
    const fit = new ResizeObserver(() => {
      popup.setLngLat(popup.getLngLat());
      const box = popup.getElement()?.getBoundingClientRect();
      const frame = map.getContainer().getBoundingClientRect();
      if (!box) return;
      const dy = box.top < frame.top + 8 ? box.top - frame.top - 8 : box.bottom > frame.bottom - 8 ? box.bottom - frame.bottom + 8 : 0;
      const dx = box.left < frame.left + 8 ? box.left - frame.left - 8 : box.right > frame.right - 8 ? box.right - frame.right + 8 : 0;
      if (dx || dy) map.panBy([dx, dy], { duration: 250 });
    });
    fit.observe(el);
    return () => {
      fit.disconnect();
      popup.off('close', onClose);
      popup.remove();
    };
  }, [map, el, lngLat[0], lngLat[1]]);
  return createPortal(children, el);
}

/** The details of an incident the user may see, from GET /api/incidents/:id. */
export function IncidentDetails({ id, icons }: { id: number; icons: Map<string, string> }) {
  const i = useI18n();
  const { t } = i;
  const { data: inc, error, loading } = useApi<Incident>(`/api/incidents/${id}`);
  if (loading && !inc) return <div className="popup-body muted">{t('loading')}</div>;
  if (error || !inc) return <div className="popup-body alert-text">{errorText(error, i)}</div>;
  return (
    <div className="popup-body incident-popup" data-testid="incident-popup">
      <div className="popup-head">
        <img src={categoryIconUrl(inc.category.color, icons.get(inc.category.code) ?? 'dot', 24)} alt="" width={24} height={24} />
        <div>
          <div className="popup-title">{i.label(inc.category)}</div>
          <div className="muted small">{t('incidentNo', { id: inc.externalId ?? inc.id })}</div>
        </div>
      </div>
      <div className="badges">
        <StatusBadge status={inc.status} />
        <ClassificationBadge value={inc.classification} />
      </div>
      <dl className="dl dl-compact">
        <dt>{t('occurredAt')}</dt>
        <dd>{i.date(inc.occurredAt, { long: true, time: true })}</dd>
        <dt>{t('severity')}</dt>
        <dd>
          <span className={`sev sev-${inc.severity}`}>{t('severityValue', { n: inc.severity, label: t(`severity_${inc.severity as 1 | 2 | 3 | 4 | 5}`) })}</span>
        </dd>
        <dt>{t('source')}</dt>
        <dd>{t(`source_${inc.source}`)}</dd>
        <dt>{t('subdistrict')}</dt>
        <dd>{i.name(inc.subdistrict)}</dd>
      </dl>
      <div className="popup-desc">
        <div className="desc-label">{t('description')}</div>
        {/* Plain text: React escapes it, and line breaks are kept by CSS. */}
        <p className="desc-text">{inc.description || t('noDescription')}</p>
      </div>
      {inc.assignedNearest && <p className="hint">{t('assignedNearest', { m: i.num(inc.nearestDistanceM ?? 0) })}</p>}
    </div>
  );
}

interface AreaInfoProps {
  level: number;
  code: string;
  nameTh: string;
  nameEn: string | null;
  value: AreaCount | undefined;
  metric: Metric;
  onFilter(): void;
}

/** A sub-district (or district) picked on the map: its name, count and rate. */
export function AreaInfo({ level, code, nameTh, nameEn, value, onFilter }: AreaInfoProps) {
  const i = useI18n();
  const { t } = i;
  return (
    <div className="popup-body area-popup" data-testid="area-popup">
      <div className="popup-title">{i.areaTitle({ level, nameTh, nameEn })}</div>
      <div className="muted small">{code}</div>
      <p>{t('popupCount', { n: i.num(value?.count ?? 0) })}</p>
      {value?.population != null && <p>{t('popupPopulation', { n: i.num(value.population) })}</p>}
      <p>{value?.rate != null ? t('popupRate', { r: i.num(value.rate, 2) }) : value?.population == null ? t('popupRateUnknown') : t('popupRate', { r: '0' })}</p>
      <button type="button" className="btn btn-small" onClick={onFilter}>
        {t('filterToArea')}
      </button>
    </div>
  );
}
