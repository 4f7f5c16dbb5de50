/**
 * The stored values of one indicator: the province's fiscal years by quarter and whole year, each
 * with its status (a cell opens that period), the chosen period's value, target, rule or reason,
 * the districts or sub-districts of that period as rows, and a small line of the quarterly values
 * against the target line.
 */
import { useEffect, useMemo, useState } from 'react';
import { query } from '../../api.ts';
import { useApi } from '../../hooks.ts';
import { useI18n } from '../../i18n.tsx';
import type { MessageKey } from '../../messages.ts';
import { Alert, errorText } from '../common.tsx';
import type { Indicator, IndicatorValue } from '../../../shared/indicator-types.ts';
import { IndicatorStatusLabel, STATUS_COLOURS, StatusShape } from './IndicatorStatus.tsx';
import { formatValue, headlineValue, judgedOnOldTargets, periodText, reasonText, ruleText } from './indicator-text.ts';

type Values = { items: IndicatorValue[]; truncated: boolean };

/** A period: a fiscal year and a quarter, 0 for the whole year (as the values API names it). */
interface PeriodKey {
  fy: number;
  q: number;
}

const qOf = (v: IndicatorValue) => v.quarter ?? 0;

const W = 640;
const H = 190;
const PAD = { left: 52, right: 12, top: 12, bottom: 30 };

/** The quarterly values of the province as a line, with the target of each quarter as a dashed line. */
export function ValueChart({ ind, values }: { ind: Indicator; values: IndicatorValue[] }) {
  const i = useI18n();
  const points = values.filter((v) => v.quarter !== null).sort((a, b) => a.fiscalYear - b.fiscalYear || a.quarter! - b.quarter!);
  if (points.length < 2) return null;
  const nums = points.flatMap((p) => [p.value, p.target]).filter((n): n is number => n !== null && Number.isFinite(n));
  if (!nums.length) return null;
  let lo = Math.min(0, ...nums);
  let hi = Math.max(0, ...nums);
  if (hi - lo < 1e-9) hi = lo + 1;
  const padY = (hi - lo) * 0.08;
  lo -= padY;
  hi += padY;
  const x = (k: number) => PAD.left + (k * (W - PAD.left - PAD.right)) / (points.length - 1);
  const y = (v: number) => PAD.top + ((hi - v) * (H - PAD.top - PAD.bottom)) / (hi - lo);
  const valuePath: string[] = [];
  let open = false;
  points.forEach((p, k) => {
    if (p.value === null) {
      open = false;
      return;
    }
    valuePath.push(`${open ? 'L' : 'M'}${x(k).toFixed(1)},${y(p.value).toFixed(1)}`);
    open = true;
  });
  // The target holds for a whole fiscal year: a step from quarter to quarter.
  const targetPath: string[] = [];
  let prev: number | null = null;
  const half = points.length > 1 ? (x(1) - x(0)) / 2 : 0;
  points.forEach((p, k) => {
    if (p.target === null) {
      prev = null;
      return;
    }
    const x0 = Math.max(PAD.left, x(k) - half);
    const x1 = Math.min(W - PAD.right, x(k) + half);
    targetPath.push(`${prev === null ? 'M' : 'L'}${x0.toFixed(1)},${y(p.target).toFixed(1)}L${x1.toFixed(1)},${y(p.target).toFixed(1)}`);
    prev = p.target;
  });
  const years = [...new Set(points.map((p) => p.fiscalYear))];
  const described = points.map((p) => `${periodText(p.fiscalYear, p.quarter, i)} ${formatValue(p.value, ind.unit, ind.definition.kind, i)}`).join(', ');
  // Labels closer than an eighth of the height would overlap: the first of them is kept.
  const ticks = [0, hi - padY, lo + padY].filter((v, k, a) => a.findIndex((w) => Math.abs(w - v) < (hi - lo) * 0.125) === k);
  return (
    <figure className="ind-chart">
      <div className="ind-chart-scroll">
      <svg viewBox={`0 0 ${W} ${H}`} width="100%" role="img" aria-label={`${i.t('indicatorsPageChartLabel')}: ${described}`}>
        {ticks.map((v) => (
          <g key={v}>
            <line x1={PAD.left} x2={W - PAD.right} y1={y(v)} y2={y(v)} className={Math.abs(v) < 1e-9 ? 'ind-chart-zero' : 'ind-chart-grid'} />
            <text x={PAD.left - 6} y={y(v) + 4} textAnchor="end" className="ind-chart-tick">
              {formatValue(v, ind.unit, 'value', i)}
            </text>
          </g>
        ))}
        {years.map((fy) => {
          const k = points.findIndex((p) => p.fiscalYear === fy);
          return (
            <text key={fy} x={x(k)} y={H - 8} textAnchor={k === 0 ? 'start' : 'middle'} className="ind-chart-tick">
              {fy}
            </text>
          );
        })}
        {targetPath.length > 0 && <path d={targetPath.join('')} className="ind-chart-target" />}
        {valuePath.length > 0 && <path d={valuePath.join('')} className="ind-chart-line" />}
        {points.map((p, k) =>
          p.value === null ? null : <circle key={k} cx={x(k)} cy={y(p.value)} r="4" fill={STATUS_COLOURS[p.status]} stroke="#fff" strokeWidth="1.5" />,
        )}
      </svg>
      </div>
      <figcaption className="ind-chart-legend">
        <span>
          <svg width="26" height="10" aria-hidden="true">
            <line x1="0" x2="26" y1="5" y2="5" className="ind-chart-line" />
          </svg>{' '}
          {i.t(ind.definition.kind === 'value' || ind.definition.kind === 'ratio' ? 'indicatorsPageChartValuesToDate' : 'indicatorsPageChartValues')}
        </span>
        <span>
          <svg width="26" height="10" aria-hidden="true">
            <line x1="0" x2="26" y1="5" y2="5" className="ind-chart-target" />
          </svg>{' '}
          {i.t('indicatorsTarget')}
        </span>
      </figcaption>
    </figure>
  );
}

function ValueFacts({ ind, v }: { ind: Indicator; v: IndicatorValue }) {
  const i = useI18n();
  const { t, num } = i;
  return (
    <dl className="dl dl-compact ind-value-facts" data-testid="period-facts">
      <dt>{t('indicatorsPagePeriod')}</dt>
      <dd>{periodText(v.fiscalYear, v.quarter, i)}{v.quarter !== null && (ind.definition.kind === 'value' || ind.definition.kind === 'ratio') ? ` (${t('indicatorsYearToDate')})` : ''}</dd>
      <dt>{t('indicatorsValue')}</dt>
      <dd>
        {formatValue(v.value, ind.unit, ind.definition.kind, i)}
        {v.numerator !== null && v.denominator !== null && ind.definition.kind !== 'value' && (
          <span className="muted"> ({t(ind.definition.kind === 'ratio' ? 'indicatorsPageRatioParts' : 'indicatorsPageChangeParts', { n: num(v.numerator, 2), d: num(v.denominator, 2) })})</span>
        )}
      </dd>
      <dt>{t('indicatorsTarget')}</dt>
      <dd>{v.target === null ? t('indicatorsPageNone') : formatValue(v.target, ind.unit, ind.definition.kind, i)}</dd>
      <dt>{t('indicatorsPageColStatus')}</dt>
      <dd>
        <IndicatorStatusLabel status={v.status} />
      </dd>
      {ruleText(v, i) && (
        <>
          <dt>{t('indicatorsRule')}</dt>
          <dd className="ind-rule-text">{ruleText(v, i)}</dd>
        </>
      )}
      {reasonText(v, i) && (
        <>
          <dt>{t('indicatorsReason')}</dt>
          <dd>{reasonText(v, i)}</dd>
        </>
      )}
      <dt>{t('indicatorsPageComputedAt')}</dt>
      <dd>{i.date(v.computedAt, { time: true })}</dd>
    </dl>
  );
}

/** The level of an area code: 2 digits a province, 4 a district, 6 a sub-district. */
const levelOf = (code: string): 1 | 2 | 3 => (code.length <= 2 ? 1 : code.length <= 4 ? 2 : 3);

/**
 * The area whose history is shown: the province, or for a user limited to some areas the first of
 * those the list shows values for (the province's own values are not theirs to see).
 */
function homeArea(ind: Indicator): string {
  const codes = [...new Set(ind.latest.map((v) => v.areaCode))].sort();
  return !codes.length || codes.includes(ind.provinceCode) ? ind.provinceCode : codes[0];
}

function Breakdown({ ind, area, period, level, reload }: { ind: Indicator; area: string; period: PeriodKey; level: 2 | 3; reload: number }) {
  const i = useI18n();
  const { t, num } = i;
  const url = `/api/indicators/values${query({ province: ind.provinceCode, indicator: ind.id, fy: period.fy, quarter: period.q, level, area })}`;
  const { data, error, loading } = useApi<Values>(url, reload);
  const rows = useMemo(() => [...(data?.items ?? [])].sort((a, b) => a.areaCode.localeCompare(b.areaCode)), [data]);
  const counts = useMemo(() => {
    const c = new Map<string, number>();
    for (const v of rows) c.set(v.status, (c.get(v.status) ?? 0) + 1);
    return c;
  }, [rows]);
  if (error) return <Alert kind="error">{errorText(error, i)}</Alert>;
  if (loading && !data) return <p className="muted">{t('indicatorsPageLoading')}</p>;
  if (!rows.length) return <p className="muted">{t('indicatorsPageNoAreaValues')}</p>;
  return (
    <>
      <p className="ind-breakdown-counts">
        {(['on_track', 'at_risk', 'off_track', 'no_target', 'no_data'] as const)
          .filter((s) => counts.get(s))
          .map((s) => (
            <span key={s} className="ind-count">
              <StatusShape status={s} size={14} /> {t(`indicatorsStatus_${s}` as MessageKey)} {num(counts.get(s)!)}
            </span>
          ))}
      </p>
      <div className="table-wrap ind-breakdown-wrap">
        <table className="table ind-breakdown-table">
          <thead>
            <tr>
              <th scope="col">{t(level === 2 ? 'indicatorsLevel_2' : 'indicatorsLevel_3')}</th>
              <th scope="col" className="num">{t('indicatorsValue')}</th>
              {ind.definition.kind !== 'value' && <th scope="col" className="num">{t(ind.definition.kind === 'ratio' ? 'indicatorsPageParts' : 'indicatorsPageChangePartsHead')}</th>}
              <th scope="col" className="num">{t('indicatorsTarget')}</th>
              <th scope="col">{t('indicatorsPageColStatus')}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((v) => (
              <tr key={v.areaCode} data-code={v.areaCode}>
                <td>
                  {i.name({ nameTh: v.areaTh ?? v.areaCode, nameEn: v.areaEn })} <span className="muted small">{v.areaCode}</span>
                </td>
                <td className="num">{formatValue(v.value, ind.unit, ind.definition.kind, i)}</td>
                {ind.definition.kind !== 'value' && (
                  <td className="num muted">{v.numerator !== null && v.denominator !== null ? `${num(v.numerator, 2)} / ${num(v.denominator, 2)}` : '—'}</td>
                )}
                <td className="num">{v.target === null ? '—' : formatValue(v.target, ind.unit, ind.definition.kind, i)}</td>
                <td>
                  <IndicatorStatusLabel status={v.status} />
                  {v.status === 'no_data' && reasonText(v, i) && <span className="ind-rule">{reasonText(v, i)}</span>}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {data?.truncated && <p className="muted small">{t('indicatorsPageTruncated')}</p>}
    </>
  );
}

export function ValueHistory({ ind, reload }: { ind: Indicator; reload: number }) {
  const i = useI18n();
  const { t } = i;
  const home = homeArea(ind);
  const homeLevel = levelOf(home);
  const url = `/api/indicators/values${query({ province: ind.provinceCode, indicator: ind.id, level: homeLevel, area: home })}`;
  const { data, error } = useApi<Values>(url, reload);
  const values = useMemo(() => data?.items ?? [], [data]);
  const years = useMemo(() => [...new Set(values.map((v) => v.fiscalYear))].sort((a, b) => b - a), [values]);
  const cell = (fy: number, q: number) => values.find((v) => v.fiscalYear === fy && qOf(v) === q) ?? null;
  const [period, setPeriod] = useState<PeriodKey | null>(null);
  const [level, setLevel] = useState<1 | 2 | 3>(homeLevel);

  // The period shown first is the one the list shows; a period no longer computed falls back to it.
  useEffect(() => {
    if (!values.length) return;
    if (period && values.some((v) => v.fiscalYear === period.fy && qOf(v) === period.q)) return;
    const h = headlineValue({ latest: values.filter((v) => v.fiscalYear === years[0]), provinceCode: home }, new Date());
    setPeriod(h ? { fy: h.fiscalYear, q: qOf(h) } : { fy: years[0], q: 0 });
  }, [values, years, period, home]);

  const chosen = period ? cell(period.fy, period.q) : null;

  return (
    <section className="ind-history" aria-labelledby="ind-history-title">
      <h3 id="ind-history-title">
        {t('indicatorsHistory')}
        {home !== ind.provinceCode && values[0] ? ` · ${i.areaTitle({ level: homeLevel, nameTh: values[0].areaTh ?? home, nameEn: values[0].areaEn })}` : ''}
      </h3>
      {error ? <Alert kind="error">{errorText(error, i)}</Alert> : null}
      {judgedOnOldTargets(ind, values) && <Alert kind="warning">{t('indicatorsPageStaleLong')}</Alert>}
      {data && !values.length && <p className="muted">{t('indicatorsPageNoValues')}</p>}
      {values.length > 0 && (
        <>
          <p className="muted small">{t('indicatorsPageHistoryHint')}</p>
          <div className="table-wrap">
            <table className="table ind-history-table">
              <thead>
                <tr>
                  <th scope="col">{t('indicatorsFiscalYear')}</th>
                  {[1, 2, 3, 4].map((q) => (
                    <th key={q} scope="col">
                      {t('indicatorsQuarter', { q })}
                    </th>
                  ))}
                  <th scope="col">{t('indicatorsWholeYear')}</th>
                </tr>
              </thead>
              <tbody>
                {years.map((fy) => (
                  <tr key={fy} data-fy={fy}>
                    <th scope="row">{fy}</th>
                    {[1, 2, 3, 4, 0].map((q) => {
                      const v = cell(fy, q);
                      if (!v) return <td key={q} className="muted ind-cell-empty">—</td>;
                      const selected = period?.fy === fy && period.q === q;
                      return (
                        <td key={q} data-q={q} className={selected ? 'ind-cell-selected' : undefined}>
                          <button
                            type="button"
                            className="ind-cell"
                            aria-pressed={selected}
                            title={ruleText(v, i) ?? reasonText(v, i) ?? undefined}
                            aria-label={`${periodText(fy, v.quarter, i)}: ${formatValue(v.value, ind.unit, ind.definition.kind, i)}`}
                            onClick={() => setPeriod({ fy, q })}
                          >
                            <span className="ind-cell-value">{formatValue(v.value, ind.unit, ind.definition.kind, i)}</span>
                            <IndicatorStatusLabel status={v.status} />
                          </button>
                        </td>
                      );
                    })}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {chosen && <ValueFacts ind={ind} v={chosen} />}
          <ValueChart ind={ind} values={values} />
        </>
      )}
      {period && homeLevel < 3 && (
        <div className="ind-levels">
          <div className="ind-level-pick" role="group" aria-label={t('indicatorsPageLevelLabel')}>
            <span className="ind-level-label">{t('indicatorsPageLevelLabel')}</span>
            {([1, 2, 3] as const).filter((l) => l >= homeLevel).map((l) => (
              <button key={l} type="button" className="btn btn-small" aria-pressed={level === l} onClick={() => setLevel(l)}>
                {t(`indicatorsLevel_${l}` as MessageKey)}
              </button>
            ))}
          </div>
          {level !== homeLevel && level !== 1 && (
            <>
              <h4 className="ind-breakdown-title">
                {t('indicatorsPageBreakdownTitle', { level: t(`indicatorsLevel_${level}` as MessageKey), period: periodText(period.fy, period.q || null, i) })}
              </h4>
              <Breakdown ind={ind} area={home} period={period} level={level} reload={reload} />
            </>
          )}
        </div>
      )}
    </section>
  );
}
