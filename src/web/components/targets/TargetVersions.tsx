/**
 * Every version of a province's target list for one fiscal year, and what changed between two
 * of them: areas added, removed, and kept with other categories or another reason.
 */
import { useEffect, useMemo, useState } from 'react';
import { query, type Category } from '../../api.ts';
import { useApi } from '../../hooks.ts';
import { useI18n } from '../../i18n.tsx';
import { Alert } from '../common.tsx';
import { CategoryChips, areaName } from './TargetAreas.tsx';
import { ByAt, TargetStatusBadge } from './TargetWorkflow.tsx';
import { actionErrorText, orderLine } from './target-text.ts';
import type { TargetArea, TargetDiffView, TargetEntry, TargetList, TargetListWithAreas } from './types.ts';

function useAreaNames(ids: number[], reload: number): Map<string, TargetArea> {
  const a = useApi<TargetListWithAreas>(ids[0] ? `/api/targets/${ids[0]}` : null, reload);
  const b = useApi<TargetListWithAreas>(ids[1] ? `/api/targets/${ids[1]}` : null, reload);
  return useMemo(() => {
    const m = new Map<string, TargetArea>();
    for (const x of [a.data, b.data]) for (const area of x?.areas ?? []) m.set(area.code, area);
    return m;
  }, [a.data, b.data]);
}

/** The version history of `list`'s province and fiscal year, with the difference between two versions. */
export function TargetVersions({ list, categories, reload, onOpen }: { list: TargetList; categories: Category[]; reload: number; onOpen(id: number): void }) {
  const i = useI18n();
  const { t, num } = i;
  const { data } = useApi<{ items: TargetList[] }>(`/api/targets${query({ province: list.provinceCode, fiscalYear: list.fiscalYear })}`, reload);
  const versions = useMemo(() => [...(data?.items ?? [])].sort((a, b) => b.version - a.version), [data]);
  const [fromId, setFromId] = useState<number | null>(null);
  const [toId, setToId] = useState<number | null>(null);

  // By default: this version against the one it was amended from (or the one before it).
  useEffect(() => {
    if (!versions.length) return;
    const before = versions.find((v) => v.id === list.previousId) ?? versions.find((v) => v.version < list.version);
    setToId(list.id);
    setFromId(before?.id ?? null);
  }, [versions, list.id, list.previousId, list.version]);

  const ready = fromId != null && toId != null && fromId !== toId;
  const diff = useApi<TargetDiffView>(ready ? `/api/targets/${toId}/diff${query({ against: fromId })}` : null, reload);
  const names = useAreaNames(ready ? [fromId, toId] : [], reload);
  const versionLabel = (id: number | null) => {
    const v = versions.find((x) => x.id === id);
    return v ? t('targetsVersion', { v: num(v.version) }) : '';
  };

  const nameOf = (code: string) => {
    const a = names.get(code);
    return a ? areaName(a, i) : code;
  };
  const entryRows = (entries: TargetEntry[], kind: 'added' | 'removed') =>
    entries.map((e) => (
      <tr key={e.code} className={`targets-diff-${kind}`}>
        <td>
          <span className={`targets-diff-mark targets-diff-mark-${kind}`}>{kind === 'added' ? t('targetsDiffAddedMark') : t('targetsDiffRemovedMark')}</span>
        </td>
        <td>
          <code>{e.code}</code>
        </td>
        <td>{nameOf(e.code)}</td>
        <td>
          <CategoryChips codes={e.categories} categories={categories} />
        </td>
        <td>{e.reason}</td>
      </tr>
    ));

  // The same choices on both sides of the comparison.
  const versionOptions = versions.map((v) => (
    <option key={v.id} value={v.id}>
      {t('targetsVersion', { v: num(v.version) })} · {i.t(`targetsStatus_${v.status}`)}
    </option>
  ));

  return (
    <section className="targets-versions" aria-labelledby="targets-versions-title">
      <h2 id="targets-versions-title">{t('targetsVersionsTitle', { fy: i.fiscalYear(list.fiscalYear) })}</h2>
      <div className="table-wrap">
        <table className="table targets-versions-table">
          <thead>
            <tr>
              <th scope="col">{t('targetsColVersion')}</th>
              <th scope="col">{t('targetsStatus')}</th>
              <th scope="col" className="num">
                {t('targetsColCount')}
              </th>
              <th scope="col">{t('targetsCreated')}</th>
              <th scope="col">{t('targetsOrder')}</th>
              <th scope="col">{t('targetsColVersionReason')}</th>
              <th scope="col" />
            </tr>
          </thead>
          <tbody>
            {versions.map((v) => (
              <tr key={v.id} className={v.id === list.id ? 'selected' : undefined}>
                <td className="nowrap">{t('targetsVersion', { v: num(v.version) })}</td>
                <td>
                  <TargetStatusBadge list={v} />
                </td>
                <td className="num">{num(v.areaCount)}</td>
                <td>
                  <ByAt by={v.createdBy} at={v.createdAt} stacked />
                </td>
                <td>{orderLine(v, i) ?? '—'}</td>
                <td>{v.reason || '—'}</td>
                <td>
                  {v.id === list.id ? (
                    <span className="muted">{t('targetsShowing')}</span>
                  ) : (
                    <button type="button" className="btn btn-small" onClick={() => onOpen(v.id)}>
                      {t('targetsOpen')}
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>

      {versions.length > 1 && (
        <div className="targets-diff">
          <h3>{t('targetsDiffTitle')}</h3>
          <div className="targets-diff-pick">
            <label className="field-inline">
              <span>{t('targetsDiffFrom')}</span>
              <select name="diffFrom" value={fromId ?? ''} onChange={(e) => setFromId(Number(e.target.value))}>
                {versionOptions}
              </select>
            </label>
            <label className="field-inline">
              <span>{t('targetsDiffTo')}</span>
              <select name="diffTo" value={toId ?? ''} onChange={(e) => setToId(Number(e.target.value))}>
                {versionOptions}
              </select>
            </label>
          </div>
          {!ready && <p className="muted">{t('targetsDiffPickTwo')}</p>}
          {diff.error ? <Alert kind="error">{actionErrorText(diff.error, 'targetsErrDiff', i)}</Alert> : null}
          {ready && diff.data && (
            <>
              <p className="targets-diff-summary">
                {t('targetsDiffSummary', {
                  from: versionLabel(fromId),
                  to: versionLabel(toId),
                  added: num(diff.data.diff.added.length),
                  removed: num(diff.data.diff.removed.length),
                  changed: num(diff.data.diff.changed.length),
                  same: num(diff.data.diff.unchanged),
                })}
              </p>
              {diff.data.diff.added.length + diff.data.diff.removed.length + diff.data.diff.changed.length === 0 ? (
                <p className="muted">{t('targetsDiffNone')}</p>
              ) : (
                <div className="table-wrap">
                  <table className="table targets-diff-table">
                    <thead>
                      <tr>
                        <th scope="col">{t('targetsDiffColChange')}</th>
                        <th scope="col">{t('targetsColCode')}</th>
                        <th scope="col">{t('targetsColArea')}</th>
                        <th scope="col">{t('targetsColCategories')}</th>
                        <th scope="col">{t('targetsColReason')}</th>
                      </tr>
                    </thead>
                    <tbody>
                      {entryRows(diff.data.diff.added, 'added')}
                      {entryRows(diff.data.diff.removed, 'removed')}
                      {diff.data.diff.changed.map((c) => (
                        <tr key={c.code} className="targets-diff-changed">
                          <td>
                            <span className="targets-diff-mark targets-diff-mark-changed">{t('targetsDiffChangedMark')}</span>
                          </td>
                          <td>
                            <code>{c.code}</code>
                          </td>
                          <td>{nameOf(c.code)}</td>
                          <td>
                            {c.categoriesAdded.length + c.categoriesRemoved.length === 0 ? (
                              <CategoryChips codes={c.after.categories} categories={categories} />
                            ) : (
                              <>
                                <CategoryChips codes={c.categoriesAdded} categories={categories} kind="added" />
                                <CategoryChips codes={c.categoriesRemoved} categories={categories} kind="removed" />
                              </>
                            )}
                          </td>
                          <td>
                            {c.reasonChanged ? (
                              <span className="targets-reason-change">
                                <del>{c.before.reason || '—'}</del>
                                <ins>{c.after.reason || '—'}</ins>
                              </span>
                            ) : (
                              c.after.reason
                            )}
                          </td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                </div>
              )}
            </>
          )}
        </div>
      )}
    </section>
  );
}
