/**
 * The indicators as traffic-light cards: the status by colour and by shape and word (a circle
 * "ตามเป้าหมาย", a triangle "เฝ้าระวัง", a square "ต่ำกว่าเป้าหมาย", an outlined diamond
 * "ยังไม่กำหนดเป้าหมาย" for a value without a target, a dashed ring "ไม่มีข้อมูล"),
 * so a grey printout or a colour-blind reader loses nothing; the value against the target, and a
 * sparkline of the quarters with the target as a dashed line.
 */
import type { DashboardIndicator } from '../../../shared/dashboard-types.ts';
import { useI18n, type I18n } from '../../i18n.tsx';
import { sparkline } from './dashboard-logic.ts';
// One set of status shapes and colours for the whole app (the indicators page's).
import { STATUS_COLOURS, StatusShape } from '../indicators/IndicatorStatus.tsx';

type Status = DashboardIndicator['status'];

/** The status as shape and word, the word never left out. */
export function StatusLabel({ status }: { status: Status }) {
  const { t } = useI18n();
  return (
    <span className={`dash-status dash-status-${status}`}>
      <StatusShape status={status} size={18} />
      <span>{t(`dashboardStatus_${status}`)}</span>
    </span>
  );
}

const W = 250;
const H = 44;

function Sparkline({ ind }: { ind: DashboardIndicator }) {
  const i = useI18n();
  const values = ind.series.map((s) => s.value);
  const s = sparkline(values, ind.target, W, H, 4);
  if (!s.segments.length) return null;
  const described = ind.series
    .map((p) => `${i.t('dashboardQuarterShort', { q: p.quarter })}/${String(p.fiscalYear).slice(2)} ${p.value === null ? '—' : withUnit(i, p.value, ind.unit)}`)
    .join(', ');
  return (
    <figure className="dash-spark">
      <svg viewBox={`0 0 ${W} ${H}`} width="100%" height={H} role="img" aria-label={`${i.t('dashboardIndicatorTrend')}: ${described}`} preserveAspectRatio="none">
        {s.targetY !== null && <line x1="0" x2={W} y1={s.targetY} y2={s.targetY} className="dash-spark-target" />}
        {s.segments.map((seg, k) =>
          seg.length === 1 ? (
            <circle key={k} cx={seg[0][0]} cy={seg[0][1]} r="2" className="dash-spark-dot" />
          ) : (
            <polyline key={k} points={seg.map((p) => p.join(',')).join(' ')} className="dash-spark-line" />
          ),
        )}
        {s.last && <circle cx={s.last[0]} cy={s.last[1]} r="3.2" fill={STATUS_COLOURS[ind.status]} stroke="#fff" strokeWidth="1" />}
      </svg>
      {s.targetY !== null && <figcaption className="muted small">{i.t('dashboardIndicatorTargetLine')}</figcaption>}
    </figure>
  );
}

const UNITS = ['percent', 'count', 'baht', 'points'] as const;

/** A value with its unit as people write it: "91.67%", "1,250 บาท", "12". */
export function withUnit(i: I18n, v: number, unit: string): string {
  const n = i.num(v, Number.isInteger(v) ? 0 : 2);
  if (!(UNITS as readonly string[]).includes(unit)) return `${n} ${unit}`.trim();
  const u = i.t(`dashboardUnit_${unit as (typeof UNITS)[number]}`);
  return unit === 'percent' ? `${n}${u}` : `${n} ${u}`.trim();
}

function IndicatorCard({ ind }: { ind: DashboardIndicator }) {
  const i = useI18n();
  const name = i.lang === 'th' ? ind.nameTh : ind.nameEn || ind.nameTh;
  const rule = i.lang === 'th' ? ind.ruleTh : ind.ruleEn || ind.ruleTh;
  return (
    <article className={`dash-ind dash-ind-${ind.status}`} data-code={ind.code}>
      <header className="dash-ind-head">
        <h3>{name}</h3>
        <StatusLabel status={ind.status} />
      </header>
      <p className="dash-ind-value">
        {ind.value === null ? (
          <span className="muted">{i.t('dashboardIndicatorNoValue')}</span>
        ) : (
          <strong>{withUnit(i, ind.value, ind.unit)}</strong>
        )}
      </p>
      <p className="dash-ind-target">
        {ind.target === null ? i.t('dashboardIndicatorNoTarget') : i.t('dashboardIndicatorTarget', { target: withUnit(i, ind.target, ind.unit) })}
      </p>
      <Sparkline ind={ind} />
      {rule && <p className="dash-ind-rule small muted">{rule}</p>}
      {ind.reason && <p className="dash-ind-reason small">{ind.reason}</p>}
    </article>
  );
}

export function IndicatorCards({ indicators }: { indicators: DashboardIndicator[] }) {
  const { t } = useI18n();
  return (
    <section className="dash-section dash-indicators" aria-labelledby="dash-ind-title">
      <h2 id="dash-ind-title">{t('dashboardIndicatorsTitle')}</h2>
      {indicators.length === 0 ? (
        <div className="dash-empty">
          <p className="dash-empty-title">{t('dashboardIndicatorsEmpty')}</p>
          <p className="muted small">{t('dashboardIndicatorsEmptyHint')}</p>
        </div>
      ) : (
        <div className="dash-ind-grid">
          {indicators.map((ind) => (
            <IndicatorCard key={ind.id} ind={ind} />
          ))}
        </div>
      )}
    </section>
  );
}
