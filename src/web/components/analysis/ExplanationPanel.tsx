/** Why an area has its score: bars by component and by category, and its incidents per quarter. */
import { query, type Category } from '../../api.ts';
import { Link } from '../../router.tsx';
import { useI18n } from '../../i18n.tsx';
import { DEFAULT_COMPONENTS } from '../../../shared/priority.ts';
import type { Explanation } from './types.ts';
import { MoranLine } from './moran.tsx';

function Bars({ rows }: { rows: Array<{ key: string; label: string; value: number; text: string }> }) {
  const max = Math.max(1e-9, ...rows.map((r) => Math.abs(r.value)));
  return (
    <ul className="hbars">
      {rows.map((r) => (
        <li key={r.key}>
          <span className="hbar-label">{r.label}</span>
          <span className="hbar-track">
            <span className="hbar-fill" style={{ width: `${Math.max(0, (Math.abs(r.value) / max) * 100)}%` }} />
          </span>
          <span className="hbar-value">{r.text}</span>
        </li>
      ))}
    </ul>
  );
}

/** A small SVG bar chart of the incident counts per quarter. */
export function QuarterChart({ quarters, title }: { quarters: Explanation['quarters']; title: string }) {
  const { num } = useI18n();
  const w = 320;
  const h = 120;
  const pad = 18;
  const max = Math.max(1, ...quarters.map((q) => q.count));
  const bw = quarters.length ? (w - 8) / quarters.length : 0;
  return (
    <svg className="quarter-chart" viewBox={`0 0 ${w} ${h + pad}`} role="img" aria-label={title}>
      <line x1={0} y1={h} x2={w} y2={h} stroke="#8a8f98" />
      {quarters.map((q, k) => {
        const bh = (q.count / max) * (h - 16);
        return (
          <g key={q.label}>
            <rect x={4 + k * bw + 2} y={h - bh} width={Math.max(1, bw - 4)} height={bh} fill="#0b5cad">
              <title>{`${q.label}: ${num(q.count)}`}</title>
            </rect>
            {quarters.length <= 8 && (
              <text x={4 + k * bw + bw / 2} y={h - bh - 3} textAnchor="middle" fontSize="10" fill="#333">
                {num(q.count)}
              </text>
            )}
            {(k === 0 || k === quarters.length - 1 || quarters.length <= 8) && (
              <text x={4 + k * bw + bw / 2} y={h + 13} textAnchor="middle" fontSize="9" fill="#555">
                {q.label}
              </text>
            )}
          </g>
        );
      })}
    </svg>
  );
}

export function ExplanationPanel({ data, categories, onClose }: { data: Explanation; categories: Category[]; onClose(): void }) {
  const i = useI18n();
  const { t, num } = i;
  const catLabel = (code: string) => {
    const c = categories.find((x) => x.code === code);
    return c ? i.label(c) : code;
  };
  const compLabel = (id: string) => {
    const d = DEFAULT_COMPONENTS.get(id);
    return d ? (i.lang === 'th' ? d.labelTh : d.labelEn) : id;
  };
  const compRows = data.components.map((c) => ({
    key: c.id,
    label: compLabel(c.id),
    value: c.contribution ?? c.value,
    text: num(c.contribution ?? c.value, 3),
  }));
  // Every component that splits by category splits the same incidents: show the first split
  // (the incident burden) rather than adding them up twice.
  const cats = new Map<string, number>();
  for (const b of data.components.find((c) => c.categories?.length)?.categories ?? []) cats.set(b.category, b.raw);
  const catRows = [...cats.entries()]
    .sort((a, b) => b[1] - a[1])
    .map(([code, v]) => ({ key: code, label: catLabel(code), value: v, text: num(v, Number.isInteger(v) ? 0 : 1) }));
  return (
    <section className="explain-panel" aria-labelledby="explain-title">
      <header className="explain-head">
        <h3 id="explain-title">{t('analysisExplainTitle', { name: i.name(data.area) })}</h3>
        <button type="button" className="btn btn-quiet" onClick={onClose}>
          {t('analysisClose')}
        </button>
      </header>
      <p className="explain-rank">{t('analysisExplainRank', { rank: num(data.area.rank), score: num(data.area.score, 3) })}</p>
      <h4>{t('analysisByComponent')}</h4>
      <Bars rows={compRows} />
      {catRows.length > 0 && (
        <>
          <h4>{t('analysisByCategory')}</h4>
          <Bars rows={catRows} />
        </>
      )}
      <MoranLine a={data.area} />
      <h4>{t('analysisQuarterly')}</h4>
      <QuarterChart quarters={data.quarters} title={t('analysisQuarterly')} />
      <p className="explain-link">
        <Link href={`/${query({ area: data.area.code, period: data.period.label })}`}>{t('analysisShowIncidents')}</Link>
      </p>
    </section>
  );
}
