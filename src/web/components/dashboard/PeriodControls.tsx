/**
 * The controls above the dashboard and the review pack: province, fiscal year (Buddhist Era) and
 * quarter, the full-screen switch (Fullscreen API, for the meeting room's screen) and printing.
 * None of it is printed.
 */
import { useEffect, useState, type ReactNode } from 'react';
import type { Area } from '../../api.ts';
import { useI18n } from '../../i18n.tsx';

export interface Period {
  province: string;
  fy: number;
  quarter: number;
}

export function PeriodControls(props: {
  provinces: Area[];
  value: Period;
  years: number[];
  onChange(p: Period): void;
  /** The element shown full screen. */
  fullscreenTarget: () => HTMLElement | null;
  children?: ReactNode;
}) {
  const i = useI18n();
  const { t } = i;
  const { provinces, value, years, onChange } = props;
  const shownYears = [...new Set([...years, value.fy])].sort((a, b) => b - a);
  return (
    <div className="dash-controls no-print" role="group" aria-label={t('dashboardControls')}>
      <div className="dash-controls-fields">
        <label className="field">
          <span>{t('dashboardProvince')}</span>
          <select name="province" value={value.province} onChange={(e) => onChange({ ...value, province: e.target.value })}>
            {provinces.map((p) => (
              <option key={p.code} value={p.code}>
                {i.name(p)}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          <span>{t('dashboardFiscalYear')}</span>
          <select name="fy" value={value.fy} onChange={(e) => onChange({ ...value, fy: Number(e.target.value) })}>
            {shownYears.map((y) => (
              <option key={y} value={y}>
                {i.fiscalYear(y)}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          <span>{t('dashboardQuarter')}</span>
          <select name="quarter" value={value.quarter} onChange={(e) => onChange({ ...value, quarter: Number(e.target.value) })}>
            {[1, 2, 3, 4].map((q) => (
              <option key={q} value={q}>
                {t('dashboardQuarterN', { q })}
              </option>
            ))}
          </select>
        </label>
        {props.children}
      </div>
      <div className="dash-controls-actions">
        <FullscreenButton target={props.fullscreenTarget} />
        <button type="button" className="btn" onClick={() => window.print()}>
          {t('dashboardPrint')}
        </button>
      </div>
    </div>
  );
}

/** Shows `target()` full screen, or leaves full screen; absent where the browser has no Fullscreen API. */
export function FullscreenButton({ target }: { target: () => HTMLElement | null }) {
  const { t } = useI18n();
  const [full, setFull] = useState(() => !!document.fullscreenElement);
  useEffect(() => {
    const on = () => setFull(!!document.fullscreenElement);
    document.addEventListener('fullscreenchange', on);
    return () => document.removeEventListener('fullscreenchange', on);
  }, []);
  if (!document.fullscreenEnabled) return null;
  const toggle = () => {
    if (document.fullscreenElement) void document.exitFullscreen();
    else void target()?.requestFullscreen().catch(() => undefined);
  };
  return (
    <button type="button" className="btn" aria-pressed={full} onClick={toggle}>
      <span aria-hidden="true">{full ? '⤡ ' : '⤢ '}</span>
      {full ? t('dashboardExitFullscreen') : t('dashboardFullscreen')}
    </button>
  );
}
