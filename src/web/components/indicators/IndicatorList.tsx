/**
 * The province's indicators as a list: name in both languages, unit and direction, this fiscal
 * year's target, the newest value of the province with its status and rule, built-in or not, and
 * which reading the province reports; the choice of the reported reading of a group (writers);
 * and "คำนวณใหม่", which computes every indicator for the last four fiscal years.
 */
import { useEffect, useState } from 'react';
import { api } from '../../api.ts';
import { useI18n } from '../../i18n.tsx';
import type { MessageKey } from '../../messages.ts';
import { Alert, errorText, type Msg } from '../common.tsx';
import type { Indicator, IndicatorComputeResult } from '../../../shared/indicator-types.ts';
import { IndicatorStatusLabel } from './IndicatorStatus.tsx';
import {
  formatTarget, judgedOnOldTargets, formatValue, headlineValue, lastComputed, names, periodText, reasonText, ruleText, targetOf,
} from './indicator-text.ts';

/** The title of a reading group: the known one in words, another by its code. */
function groupTitle(group: string, t: (k: MessageKey) => string): string {
  return group === 'target_coverage' ? t('indicatorsPageGroup_target_coverage') : group;
}

/** The badges under an indicator's name: built-in or custom, inactive, reported reading or not. */
export function IndicatorBadges({ ind }: { ind: Indicator }) {
  const { t } = useI18n();
  return (
    <span className="ind-badges">
      <span className={`badge ${ind.builtin ? 'badge-info' : 'badge-off'}`}>{t(ind.builtin ? 'indicatorsBuiltin' : 'indicatorsCustom')}</span>
      {!ind.active && <span className="badge badge-warn">{t('indicatorsInactive')}</span>}
      {ind.readingGroup && (
        <span className={`badge ${ind.reported ? 'badge-ok' : 'badge-off'} ind-reading`}>{t(ind.reported ? 'indicatorsPageReported' : 'indicatorsPageNotReported')}</span>
      )}
    </span>
  );
}

export function IndicatorList(props: {
  items: Indicator[];
  province: string;
  thisFy: number;
  writer: boolean;
  openId: number | null;
  onOpen(id: number): void;
  onChanged(): void;
}) {
  const { items, province, thisFy, writer, openId, onOpen, onChanged } = props;
  const i = useI18n();
  const { t, num } = i;
  const [computing, setComputing] = useState(false);
  const [result, setResult] = useState<{ kind: 'success' | 'error'; msg: Msg } | null>(null);
  const [choosing, setChoosing] = useState<number | null>(null);
  // The reading chosen shows as chosen from the click until the list read again says so.
  const [chosen, setChosen] = useState<number | null>(null);
  useEffect(() => {
    if (chosen !== null && items.some((x) => x.id === chosen && x.reported)) setChosen(null);
  }, [items, chosen]);
  const now = new Date();
  const computedAt = lastComputed(items);
  const groups = [...new Set(items.map((x) => x.readingGroup).filter((g): g is string => !!g))];

  const compute = async () => {
    setComputing(true);
    setResult(null);
    try {
      const r = await api<IndicatorComputeResult>('/api/indicators/compute', { method: 'POST', json: { province } });
      const years = r.fiscalYears.length > 1 ? `${r.fiscalYears[0]}–${r.fiscalYears[r.fiscalYears.length - 1]}` : String(r.fiscalYears[0]);
      setResult({
        kind: 'success',
        msg: (x) => x.t('indicatorsPageComputedResult', { indicators: x.num(r.indicators), years, values: x.num(r.values), seconds: x.num(r.durationMs / 1000, 1) }),
      });
      onChanged();
    } catch (err) {
      setResult({ kind: 'error', msg: (x) => `${x.t('indicatorsPageComputeFailed')}: ${errorText(err, x)}` });
    } finally {
      setComputing(false);
    }
  };

  const choose = async (ind: Indicator) => {
    setChoosing(ind.id);
    setChosen(ind.id);
    setResult(null);
    try {
      await api<Indicator>(`/api/indicators/${ind.id}`, { method: 'PUT', json: { reported: true } });
      const name = names(ind, i).main;
      setResult({ kind: 'success', msg: (x) => x.t('indicatorsPageReadingChosen', { name }) });
      onChanged();
    } catch (err) {
      setChosen(null);
      setResult({ kind: 'error', msg: (x) => `${x.t('indicatorsPageReadingFailed')}: ${errorText(err, x)}` });
    } finally {
      setChoosing(null);
    }
  };

  return (
    <section className="ind-list" aria-labelledby="ind-list-title">
      <div className="ind-list-head">
        <div>
          <h2 id="ind-list-title">{t('indicatorsPageListTitle')}</h2>
          <p className="muted ind-computed" data-testid="last-computed">
            {computedAt ? t('indicatorsPageLastComputed', { date: i.date(computedAt, { time: true }) }) : t('indicatorsNotComputed')}
          </p>
        </div>
        {writer && (
          <div className="ind-compute">
            <button type="button" className="btn btn-primary" onClick={() => void compute()} disabled={computing} aria-describedby="ind-compute-hint">
              {computing ? t('indicatorsComputing') : t('indicatorsPageRecompute')}
            </button>
            <span id="ind-compute-hint" className="muted small">
              {t('indicatorsPageRecomputeHint')}
            </span>
          </div>
        )}
      </div>
      {result && (
        <Alert kind={result.kind} id="ind-list-result">
          {result.msg(i)}
        </Alert>
      )}
      <div className="table-wrap">
        <table className="table ind-table">
          <thead>
            <tr>
              <th scope="col">{t('indicatorsPageColIndicator')}</th>
              <th scope="col">{t('indicatorsPageColUnit')}</th>
              <th scope="col" className="num">
                {t('indicatorsPageColTarget', { fy: String(thisFy) })}
              </th>
              <th scope="col" className="num">
                {t('indicatorsPageColLatest')}
              </th>
              <th scope="col">{t('indicatorsPageColStatus')}</th>
              <th scope="col">
                <span className="sr-only">{t('indicatorsPageOpen')}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {items.map((ind) => {
              const n = names(ind, i);
              const v = headlineValue(ind, now);
              const target = targetOf(ind, thisFy);
              const stale = judgedOnOldTargets(ind, ind.latest);
              return (
                <tr key={ind.id} data-code={ind.code} className={ind.id === openId ? 'selected' : !ind.active ? 'row-muted' : undefined}>
                  <td data-label={t('indicatorsPageColIndicator')} className="ind-name-cell">
                    <span className="ind-name">{n.main}</span>
                    {n.other && <span className="ind-name-other">{n.other}</span>}
                    <IndicatorBadges ind={ind} />
                  </td>
                  <td data-label={t('indicatorsPageColUnit')}>
                    <span className="nowrap">{t(`indicatorsUnit_${ind.unit}` as MessageKey)}</span>
                    <span className="ind-direction">
                      {ind.direction === 'higher_is_better' ? '↑ ' : '↓ '}
                      {t(`indicatorsDirection_${ind.direction}` as MessageKey)}
                    </span>
                  </td>
                  <td data-label={t('indicatorsPageColTarget', { fy: String(thisFy) })} className="num nowrap ind-target-cell">
                    {target === null ? <span className="muted">{t('indicatorsPageNoTargetShort')}</span> : formatTarget(target, ind, i)}
                  </td>
                  <td data-label={t('indicatorsPageColLatest')} className="num ind-latest-cell">
                    {v ? (
                      <>
                        <span className="ind-value">{formatValue(v.value, ind.unit, ind.definition.kind, i)}</span>
                        <span className="ind-period">{periodText(v.fiscalYear, v.quarter, i)}</span>
                        {v.numerator !== null && v.denominator !== null && ind.definition.kind !== 'value' && (
                          <span className="ind-period">{t(ind.definition.kind === 'ratio' ? 'indicatorsPageOf' : 'indicatorsPageVs', { n: num(v.numerator, 2), d: num(v.denominator, 2) })}</span>
                        )}
                      </>
                    ) : (
                      <span className="muted">—</span>
                    )}
                  </td>
                  <td data-label={t('indicatorsPageColStatus')} className="ind-status-cell">
                    {v ? <IndicatorStatusLabel status={v.status} /> : <span className="muted">{t('indicatorsNotComputed')}</span>}
                    {v && ruleText(v, i) && <span className="ind-rule">{ruleText(v, i)}</span>}
                    {v && v.status === 'no_data' && reasonText(v, i) && <span className="ind-rule">{reasonText(v, i)}</span>}
                    {stale && <span className="ind-stale">{t('indicatorsPageStale')}</span>}
                  </td>
                  <td className="ind-open-cell">
                    <button type="button" className="btn btn-small" aria-label={t('indicatorsPageOpenAria', { name: n.main })} onClick={() => onOpen(ind.id)}>
                      {t('indicatorsPageOpen')}
                    </button>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>

      {groups.map((g) => {
        const members = items.filter((x) => x.readingGroup === g);
        return (
          <fieldset key={g} className="ind-reading-choice" data-group={g}>
            <legend>{t('indicatorsPageReadingLegend', { group: groupTitle(g, t) })}</legend>
            <p className="muted small">{t('indicatorsPageReadingHint')}</p>
            {members.map((m) => (
              <label key={m.id} className="check">
                <input
                  type="radio"
                  name={`reading-${g}`}
                  value={m.code}
                  checked={chosen !== null && members.some((x) => x.id === chosen) ? m.id === chosen : m.reported}
                  disabled={!writer || choosing !== null}
                  onChange={() => void choose(m)}
                />
                <span>
                  {names(m, i).main}
                  {m.reported && <span className="badge badge-ok ind-reading-now">{t('indicatorsPageReported')}</span>}
                </span>
              </label>
            ))}
            {!writer && <p className="muted small">{t('indicatorsPageReadingReadOnly')}</p>}
          </fieldset>
        );
      })}
    </section>
  );
}
