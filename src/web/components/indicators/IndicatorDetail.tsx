/**
 * One indicator: its names and description, the definition read out in plain words (what is
 * counted over what, with which filters, how periods are compared), unit, direction, baseline
 * year and at-risk margin; for writers the edit form and, for an indicator the province made,
 * deletion (a built-in is never deleted); the targets per fiscal year; the history of values.
 */
import { useState } from 'react';
import { api, type Category } from '../../api.ts';
import { useI18n } from '../../i18n.tsx';
import type { MessageKey } from '../../messages.ts';
import { Alert, errorText, type Msg } from '../common.tsx';
import { statusRule } from '../../../shared/indicator-definition.ts';
import type { Indicator } from '../../../shared/indicator-types.ts';
import { IndicatorBadges } from './IndicatorList.tsx';
import { IndicatorForm } from './IndicatorForm.tsx';
import { TargetsEditor } from './TargetsEditor.tsx';
import { ValueHistory } from './ValueHistory.tsx';
import { definitionText, formatTarget, names, targetOf } from './indicator-text.ts';

function DefinitionView({ ind, categories }: { ind: Indicator; categories: Category[] }) {
  const i = useI18n();
  const d = definitionText(ind.definition, ind.baselineFiscalYear, categories, i);
  return (
    <section className="ind-definition" aria-labelledby="ind-definition-title">
      <h3 id="ind-definition-title">{i.t('indicatorsPageDefinitionTitle')}</h3>
      <p className="ind-formula">{d.formula}</p>
      <ul className="ind-parts">
        {d.parts.map((p, k) => (
          <li key={k}>
            <strong>{p.label}:</strong> {p.head}
            {p.filters.length > 0 && (
              <ul className="ind-filters">
                {p.filters.map((f, n) => (
                  <li key={n}>{f}</li>
                ))}
              </ul>
            )}
          </li>
        ))}
      </ul>
      <p className="muted small">{d.periods}</p>
    </section>
  );
}

export function IndicatorDetail(props: {
  ind: Indicator;
  categories: Category[];
  writer: boolean;
  thisFy: number;
  reload: number;
  onChanged(notice: Msg | null): void;
  onDeleted(notice: Msg): void;
}) {
  const { ind, categories, writer, thisFy, reload, onChanged, onDeleted } = props;
  const i = useI18n();
  const { t, num } = i;
  const [editing, setEditing] = useState(false);
  const [confirmDelete, setConfirmDelete] = useState(false);
  const [deleteError, setDeleteError] = useState<Msg | null>(null);
  const [busy, setBusy] = useState(false);
  const n = names(ind, i);
  const target = targetOf(ind, thisFy);
  const rule = statusRule(target, ind.direction, ind.atRiskMargin, ind.unit);

  const remove = async () => {
    setBusy(true);
    setDeleteError(null);
    try {
      await api(`/api/indicators/${ind.id}`, { method: 'DELETE' });
      const name = n.main;
      onDeleted((x) => x.t('indicatorsPageDeleted', { name }));
    } catch (err) {
      setDeleteError(() => (x: Parameters<Msg>[0]) => `${x.t('indicatorsPageDeleteFailed')}: ${errorText(err, x)}`);
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <div className="ind-detail-head">
        <div>
          <h2 id="ind-detail-title">{n.main}</h2>
          {n.other && <p className="ind-name-other">{n.other}</p>}
          <IndicatorBadges ind={ind} />
        </div>
        {writer && !editing && (
          <div className="ind-detail-actions">
            <button type="button" className="btn" onClick={() => setEditing(true)}>
              {t('indicatorsPageEdit')}
            </button>
            {!ind.builtin && !confirmDelete && (
              <button type="button" className="btn btn-danger-quiet" onClick={() => setConfirmDelete(true)}>
                {t('indicatorsPageDelete')}
              </button>
            )}
          </div>
        )}
      </div>
      {writer && ind.builtin && <p className="muted small">{t('indicatorsBuiltinNotDeletable')}</p>}
      {confirmDelete && (
        <Alert kind="warning">
          <span>{t('indicatorsPageDeleteConfirmText', { name: n.main })}</span>{' '}
          <button type="button" className="btn btn-small btn-danger" onClick={() => void remove()} disabled={busy}>
            {t('indicatorsPageDeleteConfirm')}
          </button>{' '}
          <button type="button" className="btn btn-small" onClick={() => setConfirmDelete(false)} disabled={busy}>
            {t('indicatorsPageCancel')}
          </button>
        </Alert>
      )}
      {deleteError && <Alert kind="error">{deleteError(i)}</Alert>}
      {ind.description && <p className="ind-description">{ind.description}</p>}

      {editing ? (
        <IndicatorForm
          province={ind.provinceCode}
          categories={categories}
          indicator={ind}
          onCancel={() => setEditing(false)}
          onSaved={(saved) => {
            setEditing(false);
            const name = names(saved, i).main;
            onChanged((x) => x.t('indicatorsPageSaved', { name }));
          }}
        />
      ) : (
        <div className="ind-detail-grid">
          <DefinitionView ind={ind} categories={categories} />
          <section className="ind-facts" aria-label={t('indicatorsPageFactsTitle')}>
            <dl className="dl">
              <dt>{t('indicatorsPageUnitLabel')}</dt>
              <dd>{t(`indicatorsUnit_${ind.unit}` as MessageKey)}</dd>
              <dt>{t('indicatorsPageDirection')}</dt>
              <dd>{t(`indicatorsDirection_${ind.direction}` as MessageKey)}</dd>
              <dt>{t('indicatorsBaseline')}</dt>
              <dd>{ind.baselineFiscalYear ? i.fiscalYear(ind.baselineFiscalYear) : t('indicatorsPageNone')}</dd>
              <dt>{t('indicatorsMargin')}</dt>
              <dd>{ind.unit === 'percent' ? t('indicatorsPageMarginPoints', { n: num(ind.atRiskMargin, 2) }) : num(ind.atRiskMargin, 2)}</dd>
              <dt>{t('indicatorsPageColTarget', { fy: String(thisFy) })}</dt>
              <dd>{target === null ? t('indicatorsPageNone') : formatTarget(target, ind, i)}</dd>
              {rule && (
                <>
                  <dt>{t('indicatorsRule')}</dt>
                  <dd className="ind-rule-text">{rule[i.lang]}</dd>
                </>
              )}
            </dl>
          </section>
        </div>
      )}

      <TargetsEditor key={ind.id} ind={ind} writer={writer} thisFy={thisFy} onSaved={() => onChanged(null)} />
      <ValueHistory ind={ind} reload={reload} />
    </>
  );
}
