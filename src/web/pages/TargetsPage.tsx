/**
 * The target list (บัญชีเป้าหมาย) page: the province's lists per fiscal year, a new draft (empty
 * or from an analysis run), one list's areas and workflow, its versions and their differences.
 * The filters and the open list live in the address (?province=98&fy=2568&list=12), so a list
 * is shared by copying the link; ?fromRun=<run id> opens the create form for that run.
 */
import { useEffect, useMemo, useState } from 'react';
import { query, type Area, type Category } from '../api.ts';
import { useApi } from '../hooks.ts';
import { useI18n } from '../i18n.tsx';
import { replaceSearch, useInitialSearch } from '../router.tsx';
import { useSession } from '../session.tsx';
import { Alert, errorText, Page, type Msg } from '../components/common.tsx';
import { fiscalYearOf } from '../../shared/fiscal.ts';
import { CreateTargetForm } from '../components/targets/CreateTargetForm.tsx';
import { TargetAreas } from '../components/targets/TargetAreas.tsx';
import { ByAt, TargetActions, TargetExports, TargetFacts, TargetStatusBadge } from '../components/targets/TargetWorkflow.tsx';
import { TargetVersions } from '../components/targets/TargetVersions.tsx';
import { TargetMap } from '../components/targets/TargetMap.tsx';
import { canWrite, orderLine } from '../components/targets/target-text.ts';
import type { TargetList, TargetListWithAreas } from '../components/targets/types.ts';

function readSearch(search: string) {
  const q = new URLSearchParams(search);
  const fy = Number(q.get('fy'));
  const list = Number(q.get('list'));
  return {
    province: /^[0-9]{2}$/.test(q.get('province') ?? '') ? q.get('province')! : '',
    fy: Number.isInteger(fy) && fy > 2500 ? fy : 0,
    list: Number.isInteger(list) && list > 0 ? list : null,
    fromRun: /^[0-9]{1,20}$/.test(q.get('fromRun') ?? '') ? q.get('fromRun') : null,
  };
}

export function TargetsPage() {
  const i = useI18n();
  const { t, num } = i;
  const { me } = useSession();
  const search = useInitialSearch();
  const initial = useMemo(() => readSearch(search), [search]);
  const { data: provinces } = useApi<Area[]>('/api/areas?level=1');
  const { data: categories } = useApi<Category[]>('/api/categories');
  const thisFy = fiscalYearOf(new Date());
  const years = useMemo(() => Array.from({ length: 7 }, (_, k) => thisFy + 1 - k), [thisFy]);
  const [province, setProvince] = useState(initial.province);
  const [fy, setFy] = useState(initial.fy); // 0 = every fiscal year
  const [openId, setOpenId] = useState<number | null>(initial.list);
  const [creating, setCreating] = useState(!!initial.fromRun);
  const [fromRun, setFromRun] = useState(initial.fromRun);
  const [reload, setReload] = useState(0);
  const [notice, setNotice] = useState<{ msg: Msg } | null>(null);
  const writer = canWrite(me?.role);

  useEffect(() => {
    if (!province && provinces?.length) setProvince(provinces[0].code);
  }, [provinces, province]);
  useEffect(() => {
    replaceSearch(query({ province, fy: fy || null, list: openId, fromRun: creating ? fromRun : null }));
  }, [province, fy, openId, creating, fromRun]);

  const lists = useApi<{ items: TargetList[] }>(province ? `/api/targets${query({ province, fiscalYear: fy || null })}` : null, reload);
  const detail = useApi<TargetListWithAreas>(openId ? `/api/targets/${openId}` : null, reload);
  const changed = () => setReload((n) => n + 1);
  const open = (id: number) => {
    setOpenId(id);
    setNotice(null);
    requestAnimationFrame(() => document.getElementById('target-detail')?.scrollIntoView({ block: 'start' }));
  };
  const opened = (created: TargetListWithAreas, msg: Msg) => {
    setCreating(false);
    setFromRun(null);
    setProvince(created.list.provinceCode);
    setFy(created.list.fiscalYear);
    changed();
    open(created.list.id);
    setNotice({ msg });
  };

  const list = detail.data?.list;
  const provinceArea = provinces?.find((p) => p.code === (list?.provinceCode ?? province));
  const items = lists.data?.items ?? [];

  return (
    <Page title={t('targetsTitle')} intro={t('targetsIntro')} wide>
      <div className="toolbar targets-toolbar">
        <div className="targets-filters">
          <label className="field">
            <span>{t('targetsProvince')}</span>
            <select name="province" value={province} onChange={(e) => setProvince(e.target.value)}>
              {(provinces ?? []).map((p) => (
                <option key={p.code} value={p.code}>
                  {i.name(p)}
                </option>
              ))}
            </select>
          </label>
          <label className="field">
            <span>{t('targetsFiscalYear')}</span>
            <select name="fy" value={fy} onChange={(e) => setFy(Number(e.target.value))}>
              <option value={0}>{t('targetsEveryYear')}</option>
              {[...new Set([...years, ...(fy ? [fy] : [])])]
                .sort((a, b) => b - a)
                .map((y) => (
                  <option key={y} value={y}>
                    {i.fiscalYear(y)}
                  </option>
                ))}
            </select>
          </label>
        </div>
        {writer && !creating && (
          <button type="button" className="btn btn-primary" onClick={() => setCreating(true)}>
            {t('targetsNew')}
          </button>
        )}
      </div>

      {creating && provinces && categories && (
        <CreateTargetForm
          provinces={provinces}
          categories={categories}
          years={years}
          province={province}
          fiscalYear={fy || thisFy}
          fromRun={fromRun}
          onCancel={() => {
            setCreating(false);
            setFromRun(null);
          }}
          onCreated={(c) => opened(c, (x) => x.t('targetsCreated_ok', { n: x.num(c.areas.length) }))}
        />
      )}

      <section className="targets-lists" aria-labelledby="targets-lists-title">
        <h2 id="targets-lists-title">{t('targetsListsTitle')}</h2>
        {lists.error ? <Alert kind="error">{errorText(lists.error, i)}</Alert> : null}
        {lists.data && items.length === 0 && <p className="muted">{writer ? t('targetsNoListsWriter') : t('targetsNoLists')}</p>}
        {items.length > 0 && (
          <div className="table-wrap">
            <table className="table targets-lists-table">
              <thead>
                <tr>
                  <th scope="col">{t('targetsFiscalYear')}</th>
                  <th scope="col">{t('targetsColTitle')}</th>
                  <th scope="col">{t('targetsColVersion')}</th>
                  <th scope="col">{t('targetsStatus')}</th>
                  <th scope="col" className="num">
                    {t('targetsColCount')}
                  </th>
                  <th scope="col">{t('targetsCreated')}</th>
                  <th scope="col">{t('targetsColLastStep')}</th>
                  <th scope="col" />
                </tr>
              </thead>
              <tbody>
                {items.map((l) => (
                  <tr key={l.id} className={l.id === openId ? 'selected' : l.status === 'superseded' ? 'row-muted' : undefined}>
                    <td className="nowrap">{i.fiscalYear(l.fiscalYear)}</td>
                    <td>{l.title}</td>
                    <td className="nowrap">{t('targetsVersion', { v: num(l.version) })}</td>
                    <td>
                      <TargetStatusBadge list={l} />
                    </td>
                    <td className="num">{num(l.areaCount)}</td>
                    <td>
                      <ByAt by={l.createdBy} at={l.createdAt} stacked />
                    </td>
                    <td>
                      {orderLine(l, i) ??
                        (l.submittedAt
                          ? t('targetsSubmittedBy', { by: l.submittedBy ?? '—', date: i.date(l.submittedAt, { time: true }) })
                          : '—')}
                    </td>
                    <td>
                      <button type="button" className="btn btn-small" aria-label={t('targetsOpenAria', { title: l.title, v: num(l.version) })} onClick={() => open(l.id)}>
                        {t('targetsOpen')}
                      </button>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>

      {openId && (
        <section id="target-detail" className="targets-detail" aria-labelledby="target-detail-title">
          {detail.error ? <Alert kind="error">{errorText(detail.error, i)}</Alert> : null}
          {list && me && detail.data && (
            <>
              <div className="targets-detail-head">
                <div>
                  <h2 id="target-detail-title">
                    {list.title} <span className="targets-version">{t('targetsVersion', { v: num(list.version) })}</span>
                  </h2>
                  <p className="targets-sub">
                    {provinceArea ? i.name(provinceArea) : list.provinceTh ?? list.provinceCode} · {i.fiscalYear(list.fiscalYear)}
                  </p>
                </div>
                <TargetExports list={list} />
              </div>
              {notice && <Alert kind="success">{notice.msg(i)}</Alert>}
              <div className="targets-detail-grid">
                <div>
                  <TargetFacts list={list} />
                  <TargetActions
                    list={list}
                    me={me}
                    onChanged={(l) => {
                      setNotice({ msg: (x) => x.t(`targetsDone_${l.status}`) });
                      changed();
                    }}
                    onAmended={(c) => opened(c, (x) => x.t('targetsAmended_ok', { v: x.num(c.list.version) }))}
                  />
                </div>
                {provinceArea && <TargetMap bbox={provinceArea.bbox} areas={detail.data.areas} />}
              </div>
              <TargetAreas
                key={list.id}
                listId={list.id}
                province={list.provinceCode}
                areas={detail.data.areas}
                categories={categories ?? []}
                editable={writer && list.status === 'draft'}
                onChanged={changed}
              />
              <TargetVersions list={list} categories={categories ?? []} reload={reload} onOpen={open} />
            </>
          )}
        </section>
      )}
    </Page>
  );
}
