/**
 * The indicators (ตัวชี้วัด) page: the province's indicators with this fiscal year's target, the
 * newest value and its status and rule, the reading the province reports, and "คำนวณใหม่"; one
 * indicator's definition in plain words, its targets per fiscal year (a trajectory) and the
 * history of its values by quarter and area; a form for the province's own indicators. The
 * province and the open indicator live in the address (?province=98&indicator=4), so a view is
 * shared by copying the link.
 */
import { useEffect, useMemo, useState } from 'react';
import { query, type Area, type Category } from '../api.ts';
import { useApi } from '../hooks.ts';
import { useI18n } from '../i18n.tsx';
import { replaceSearch, useInitialSearch } from '../router.tsx';
import { useSession } from '../session.tsx';
import { Alert, errorText, Page, type Msg } from '../components/common.tsx';
import { fiscalYearOf } from '../../shared/fiscal.ts';
import type { Indicator } from '../../shared/indicator-types.ts';
import { IndicatorList } from '../components/indicators/IndicatorList.tsx';
import { IndicatorDetail } from '../components/indicators/IndicatorDetail.tsx';
import { IndicatorForm } from '../components/indicators/IndicatorForm.tsx';
import { canWrite } from '../components/indicators/indicator-text.ts';
import '../components/indicators/indicators.css';

function readSearch(search: string) {
  const q = new URLSearchParams(search);
  const id = Number(q.get('indicator'));
  return {
    province: /^[0-9]{2}$/.test(q.get('province') ?? '') ? q.get('province')! : '',
    indicator: Number.isInteger(id) && id > 0 ? id : null,
  };
}

/** Roles that see restricted incidents counted in the values (SEES_RESTRICTED on the server). */
const SEES_RESTRICTED = ['admin', 'analyst'];

export function IndicatorsPage() {
  const i = useI18n();
  const { t } = i;
  const { me } = useSession();
  const search = useInitialSearch();
  const initial = useMemo(() => readSearch(search), [search]);
  const { data: provinces } = useApi<Area[]>('/api/areas?level=1');
  const { data: categories } = useApi<Category[]>('/api/categories');
  const thisFy = fiscalYearOf(new Date());
  const [province, setProvince] = useState(initial.province);
  const [openId, setOpenId] = useState<number | null>(initial.indicator);
  const [creating, setCreating] = useState(false);
  const [reload, setReload] = useState(0);
  const [notice, setNotice] = useState<{ kind: 'success' | 'info'; msg: Msg } | null>(null);
  const writer = canWrite(me?.role);

  useEffect(() => {
    if (!province && provinces?.length) setProvince(provinces[0].code);
  }, [provinces, province]);
  useEffect(() => {
    replaceSearch(query({ province, indicator: openId }));
  }, [province, openId]);

  const list = useApi<{ items: Indicator[] }>(province ? `/api/indicators${query({ province })}` : null, reload);
  const items = list.data?.items ?? [];
  const open = items.find((x) => x.id === openId) ?? null;
  const changed = () => setReload((n) => n + 1);
  const show = (id: number) => {
    setOpenId(id);
    setNotice(null);
    setCreating(false);
    requestAnimationFrame(() => document.getElementById('indicator-detail')?.scrollIntoView({ block: 'start' }));
  };

  return (
    <Page title={t('indicatorsTitle')} intro={t('indicatorsIntro')} wide>
      <div className="toolbar ind-toolbar">
        <label className="field">
          <span>{t('indicatorsPageProvince')}</span>
          <select
            name="province"
            value={province}
            onChange={(e) => {
              setProvince(e.target.value);
              setOpenId(null);
              setCreating(false);
            }}
          >
            {(provinces ?? []).map((p) => (
              <option key={p.code} value={p.code}>
                {i.name(p)}
              </option>
            ))}
          </select>
        </label>
        {writer && !creating && province && (
          <button type="button" className="btn" onClick={() => { setCreating(true); setNotice(null); }}>
            {t('indicatorsPageNew')}
          </button>
        )}
      </div>
      {me && !SEES_RESTRICTED.includes(me.role) && <p className="muted small">{t('indicatorsRestrictedNote')}</p>}

      {creating && categories && (
        <IndicatorForm
          province={province}
          categories={categories}
          indicator={null}
          onCancel={() => setCreating(false)}
          onSaved={(saved) => {
            setCreating(false);
            changed();
            show(saved.id);
            const name = saved.nameTh;
            setNotice({ kind: 'success', msg: (x) => x.t('indicatorsPageCreated', { name }) });
          }}
        />
      )}

      {notice && !openId && <Alert kind={notice.kind}>{notice.msg(i)}</Alert>}
      {list.error ? <Alert kind="error">{errorText(list.error, i)}</Alert> : null}
      {list.loading && !list.data && <p className="muted">{t('indicatorsPageLoading')}</p>}
      {list.data && (
        <IndicatorList items={items} province={province} thisFy={thisFy} writer={writer} openId={openId} onOpen={show} onChanged={changed} />
      )}

      {openId && list.data && (
        <section id="indicator-detail" className="ind-detail" aria-labelledby="ind-detail-title">
          {notice && <Alert kind={notice.kind}>{notice.msg(i)}</Alert>}
          {open ? (
            <IndicatorDetail
              key={open.id}
              ind={open}
              categories={categories ?? []}
              writer={writer}
              thisFy={thisFy}
              reload={reload}
              onChanged={(msg) => {
                if (msg) setNotice({ kind: 'success', msg });
                changed();
              }}
              onDeleted={(msg) => {
                setOpenId(null);
                changed();
                setNotice({ kind: 'success', msg });
              }}
            />
          ) : (
            <Alert kind="info">{t('indicatorsPageNotInProvince')}</Alert>
          )}
        </section>
      )}
    </Page>
  );
}
