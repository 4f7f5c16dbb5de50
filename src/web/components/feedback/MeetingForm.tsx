/**
 * Recording a village meeting (ประชาคมหมู่บ้าน) or a peace council sitting in one go: where and when,
 * how many attended, then as many answers as were gathered (project, meets yes/partly/no, rating,
 * comment, village) and the needs raised. Built for quick keyboard entry: Enter in a comment adds
 * the next row with the same project and village, rows are removed with one button, and one
 * submit sends everything; the server stores all or nothing, and a refusal is shown on the row
 * and field it names. After a success the page shows what was recorded and clears the form.
 */
import { useCallback, useEffect, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import { api, ApiError, query, type Area, type Category, type Me } from '../../api.ts';
import { useApi } from '../../hooks.ts';
import { useI18n } from '../../i18n.tsx';
import { Alert, errorText, type Msg } from '../common.tsx';
import { fiscalYearOf } from '../../../shared/fiscal.ts';
import { MEETING_CHANNELS, MEETS, type MeetingChannel } from '../../../shared/feedback-types.ts';
import type { MessageKey } from '../../messages.ts';
import { AreaPicker } from './AreaPicker.tsx';
import {
  blankAnswer, blankNeed, channelWord, countOf, dayInstant, earliestMeetingDay, hasErrors, meetingProjectYears, noErrors, placeServerErrors, readMeetingForm, todayThai,
  type AnswerRow, type MeetingErrors, type MeetingForm as Form, type NeedRow,
} from './feedback-text.ts';

interface ProjectOption {
  id: number;
  title: string;
  fiscalYear: number;
  status: string;
  agency: { id: number; nameTh: string; nameEn: string | null };
}

interface MeetingRow {
  id: number;
  subdistrictCode: string;
  subdistrictTh: string;
  villageTh: string | null;
  meetingDate: string;
  place: string;
  attendance: number;
  channel: MeetingChannel;
  answers: unknown;
  needs: unknown;
  recordedBy: string | null;
  recordedAt: string;
}

interface Saved {
  id: number;
  answers: number;
  needs: number;
  place: string;
  date: string;
  subdistrict: string;
}

function emptyForm(next: () => number): Form {
  return {
    subdistrictCode: '',
    villageCode: '',
    meetingDate: '',
    place: '',
    attendance: '',
    channel: 'village_meeting',
    note: '',
    answers: [{ key: next(), projectId: '', meets: '', rating: '', comment: '', villageCode: '' }],
    needs: [],
  };
}

export function MeetingForm({ me, province, categories }: { me: Me; province: string; categories: Category[] }) {
  const i = useI18n();
  const { t, num } = i;
  const counter = useRef(0);
  const next = useCallback(() => ++counter.current, []);
  const [form, setForm] = useState<Form>(() => emptyForm(next));
  const [district, setDistrict] = useState('');
  const [errors, setErrors] = useState<MeetingErrors>(noErrors);
  const [busy, setBusy] = useState(false);
  const [saved, setSaved] = useState<Saved | null>(null);
  const [focusKey, setFocusKey] = useState<{ list: 'answers' | 'needs'; key: number } | null>(null);
  const [reload, setReload] = useState(0);
  const top = useRef<HTMLFormElement>(null);

  useEffect(() => {
    setDistrict('');
    setForm((f) => ({ ...f, subdistrictCode: '', villageCode: '' }));
  }, [province]);

  const sub = form.subdistrictCode;
  const villages = useApi<Area[]>(sub ? `/api/areas${query({ level: 4, parent: sub })}` : null);
  const projects = useApi<{ items: ProjectOption[] }>(sub ? `/api/projects${query({ area: sub, limit: 500 })}` : null);
  const projectOptions = useMemo(
    () =>
      [...(projects.data?.items ?? [])]
        .filter((p) => meetingProjectYears(new Date()).includes(p.fiscalYear))
        .sort((a, b) => b.fiscalYear - a.fiscalYear || a.title.localeCompare(b.title, 'th')),
    [projects.data],
  );
  const projectYears = useMemo(() => [...new Set(projectOptions.map((p) => p.fiscalYear))], [projectOptions]);
  const meetings = useApi<{ items: MeetingRow[] }>(province ? `/api/feedback/meetings${query({ provinceCode: province, fiscalYear: fiscalYearOf(new Date()) })}` : null, reload);

  useEffect(() => {
    if (!focusKey) return;
    const sel = focusKey.list === 'answers' ? 'select[name=answer-project]' : 'select[name=need-category]';
    const el = document.querySelector<HTMLElement>(`[data-row-key="${focusKey.key}"] ${sel}`);
    el?.focus();
    setFocusKey(null);
  }, [focusKey, form]);

  const set = (patch: Partial<Form>) => setForm((f) => ({ ...f, ...patch }));
  const clearMeetingError = (field: string) =>
    setErrors((e) => {
      if (!e.meeting[field] && !e.form.length) return e;
      const m = { ...e.meeting };
      delete m[field];
      return { ...e, meeting: m, form: [] };
    });
  const setAnswer = (key: number, patch: Partial<AnswerRow>) => {
    setForm((f) => ({ ...f, answers: f.answers.map((r) => (r.key === key ? { ...r, ...patch } : r)) }));
    setErrors((e) => {
      if (!e.answers[key]) return e;
      const rowErrs = { ...e.answers[key] };
      for (const k of Object.keys(patch)) delete rowErrs[k];
      delete rowErrs._row;
      const answers = { ...e.answers };
      if (Object.keys(rowErrs).length) answers[key] = rowErrs;
      else delete answers[key];
      return { ...e, answers };
    });
  };
  const setNeed = (key: number, patch: Partial<NeedRow>) => {
    setForm((f) => ({ ...f, needs: f.needs.map((r) => (r.key === key ? { ...r, ...patch } : r)) }));
    setErrors((e) => {
      if (!e.needs[key]) return e;
      const rowErrs = { ...e.needs[key] };
      for (const k of Object.keys(patch)) delete rowErrs[k];
      delete rowErrs._row;
      const needs = { ...e.needs };
      if (Object.keys(rowErrs).length) needs[key] = rowErrs;
      else delete needs[key];
      return { ...e, needs };
    });
  };
  const addAnswer = () => {
    const key = next();
    setForm((f) => {
      const prev = f.answers[f.answers.length - 1];
      // The next person usually speaks of the same project, from the same village.
      const row: AnswerRow = { key, projectId: prev?.projectId ?? '', meets: '', rating: '', comment: '', villageCode: prev?.villageCode || f.villageCode };
      return { ...f, answers: [...f.answers, row] };
    });
    setFocusKey({ list: 'answers', key });
  };
  const removeAnswer = (key: number) => setForm((f) => ({ ...f, answers: f.answers.filter((r) => r.key !== key) }));
  const addNeed = () => {
    const key = next();
    setForm((f) => ({ ...f, needs: [...f.needs, { key, categoryCode: '', description: '', villageCode: f.needs[f.needs.length - 1]?.villageCode || f.villageCode }] }));
    setFocusKey({ list: 'needs', key });
  };
  const removeNeed = (key: number) => setForm((f) => ({ ...f, needs: f.needs.filter((r) => r.key !== key) }));
  const onCommentKey = (e: KeyboardEvent<HTMLInputElement>, key: number) => {
    if (e.key !== 'Enter' || e.nativeEvent.isComposing) return;
    e.preventDefault();
    // Enter on the last row adds one; on an earlier row it moves to the next row.
    const idx = form.answers.findIndex((r) => r.key === key);
    if (idx === form.answers.length - 1) addAnswer();
    else setFocusKey({ list: 'answers', key: form.answers[idx + 1].key });
  };

  const submit = async () => {
    setSaved(null);
    const read = readMeetingForm(form);
    if (!read.input) {
      setErrors(read.errors);
      requestAnimationFrame(() => top.current?.querySelector('[aria-invalid=true], .fb-row-error, .fb-form-errors')?.scrollIntoView({ block: 'center' }));
      return;
    }
    setBusy(true);
    setErrors(noErrors());
    try {
      const r = await api<{ id: number; answers: unknown; needs: unknown }>('/api/feedback/meetings', { method: 'POST', json: read.input });
      setSaved({
        id: r.id,
        answers: countOf(r.answers),
        needs: countOf(r.needs),
        place: read.input.place,
        date: read.input.meetingDate,
        subdistrict: sub,
      });
      setForm(emptyForm(next));
      setDistrict('');
      setReload((n) => n + 1);
      requestAnimationFrame(() => document.getElementById('fb-meeting-saved')?.scrollIntoView({ block: 'center' }));
    } catch (err) {
      const e = err instanceof ApiError && err.status === 400 ? placeServerErrors(err.details, err.message, read.rowKeys) : { ...noErrors(), form: [(x: typeof i) => errorText(err, x)] as Msg[] };
      setErrors(e);
      requestAnimationFrame(() => top.current?.querySelector('.fb-row-error, [aria-invalid=true], .fb-form-errors')?.scrollIntoView({ block: 'center' }));
    } finally {
      setBusy(false);
    }
  };

  const err = (field: string) => errors.meeting[field]?.(i) ?? null;
  const filled = form.answers.filter((r) => !blankAnswer(r)).length;
  const filledNeeds = form.needs.filter((r) => !blankNeed(r)).length;
  const villageOptions = villages.data ?? [];
  const subName = (code: string) => meetings.data?.items.find((m) => m.subdistrictCode === code)?.subdistrictTh;

  return (
    <div className="fb-meeting-wrap">
      {saved && (
        <Alert kind="success" id="fb-meeting-saved">
          <strong>{t('feedbackMeetingSaved')}</strong>
          <br />
          {t('feedbackMeetingSavedLine', {
            n: num(saved.answers),
            needs: num(saved.needs),
            place: saved.place,
            date: i.date(dayInstant(saved.date) ?? saved.date, { long: true }),
          })}
          {subName(saved.subdistrict) ? ` (${t('subdistrict')}${subName(saved.subdistrict)})` : ''}
        </Alert>
      )}
      <form
        ref={top}
        className="card fb-meeting"
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          void submit();
        }}
      >
        <h2>{t('feedbackMeetingTitle')}</h2>
        <p className="muted small">{t('feedbackMeetingIntro')}</p>

        <fieldset className="fb-fieldset">
          <legend>{t('feedbackMeetingWhere')}</legend>
          <div className="fb-meeting-grid">
            <AreaPicker
              me={me}
              province={province}
              district={district}
              subdistrict={form.subdistrictCode}
              name="meeting"
              error={err('subdistrictCode')}
              onChange={(v) => {
                setDistrict(v.district);
                if (v.subdistrict !== form.subdistrictCode) {
                  // Projects and villages belong to the sub-district: a change empties them.
                  setForm((f) => ({
                    ...f,
                    subdistrictCode: v.subdistrict,
                    villageCode: '',
                    answers: f.answers.map((r) => ({ ...r, projectId: '', villageCode: '' })),
                    needs: f.needs.map((r) => ({ ...r, villageCode: '' })),
                  }));
                  clearMeetingError('subdistrictCode');
                }
              }}
            />
            <label className="field">
              <span>
                {t('village')} <span className="muted small">{t('feedbackOptional')}</span>
              </span>
              <select name="meeting-village" value={form.villageCode} disabled={!sub} onChange={(e) => set({ villageCode: e.target.value })}>
                <option value="">{t('feedbackWholeSubdistrict')}</option>
                {villageOptions.map((v) => (
                  <option key={v.code} value={v.code}>
                    {i.name(v)}
                  </option>
                ))}
              </select>
            </label>
            <label className="field">
              <span>{t('feedbackMeetingDate')}</span>
              <input
                type="date"
                name="meetingDate"
                value={form.meetingDate}
                min={earliestMeetingDay()}
                max={todayThai()}
                aria-invalid={err('meetingDate') ? true : undefined}
                onChange={(e) => {
                  set({ meetingDate: e.target.value });
                  clearMeetingError('meetingDate');
                }}
              />
              {err('meetingDate') ? (
                <span className="hint hint-error">{err('meetingDate')}</span>
              ) : (
                dayInstant(form.meetingDate) && <span className="hint">{i.date(dayInstant(form.meetingDate)!, { long: true })}</span>
              )}
            </label>
            <label className="field fb-field-wide">
              <span>{t('feedbackMeetingPlace')}</span>
              <input
                type="text"
                name="place"
                value={form.place}
                placeholder={t('feedbackMeetingPlaceHint')}
                aria-invalid={err('place') ? true : undefined}
                onChange={(e) => {
                  set({ place: e.target.value });
                  clearMeetingError('place');
                }}
              />
              {err('place') && <span className="hint hint-error">{err('place')}</span>}
            </label>
            <label className="field">
              <span>{t('feedbackMeetingAttendance')}</span>
              <input
                type="text"
                inputMode="numeric"
                name="attendance"
                value={form.attendance}
                aria-invalid={err('attendance') ? true : undefined}
                onChange={(e) => {
                  set({ attendance: e.target.value });
                  clearMeetingError('attendance');
                }}
              />
              {err('attendance') && <span className="hint hint-error">{err('attendance')}</span>}
            </label>
            <fieldset className="fb-channel">
              <legend>{t('feedbackChannel')}</legend>
              {MEETING_CHANNELS.map((c) => (
                <label key={c} className="check">
                  <input type="radio" name="meeting-channel" value={c} checked={form.channel === c} onChange={() => set({ channel: c })} />
                  <span>{channelWord(c, i)}</span>
                </label>
              ))}
              {err('channel') && <span className="hint hint-error">{err('channel')}</span>}
            </fieldset>
            <label className="field fb-field-full">
              <span>
                {t('feedbackMeetingNote')} <span className="muted small">{t('feedbackOptional')}</span>
              </span>
              <textarea name="note" rows={2} value={form.note} aria-invalid={err('note') ? true : undefined} onChange={(e) => set({ note: e.target.value })} />
              {err('note') && <span className="hint hint-error">{err('note')}</span>}
            </label>
          </div>
        </fieldset>

        <fieldset className="fb-fieldset">
          <legend>{t('feedbackAnswersTitle', { n: num(filled) })}</legend>
          <p className="hint">{t('feedbackAnswersHint')}</p>
          {sub && projects.data && projectOptions.length === 0 && <Alert kind="warning">{t('feedbackNoProjectsHere')}</Alert>}
          {!sub && <p className="muted small">{t('feedbackPickSubdistrictFirst')}</p>}
          <div className="fb-rows-head" aria-hidden="true">
            <span>#</span>
            <span>{t('feedbackField_projectId')}</span>
            <span>{t('feedbackColMeets')}</span>
            <span>{t('feedbackColRating')}</span>
            <span>{t('feedbackField_comment')}</span>
            <span>{t('feedbackField_villageCode')}</span>
            <span />
          </div>
          <ol className="fb-rows">
            {form.answers.map((r, idx) => {
              const re = errors.answers[r.key] ?? {};
              const e = (f: string) => re[f]?.(i) ?? null;
              const unplaced = Object.entries(re).filter(([f]) => !['projectId', 'meets', 'rating', 'comment', 'villageCode'].includes(f));
              const rowNo = idx + 1;
              return (
                <li key={r.key} className={`fb-row${Object.keys(re).length ? ' fb-row-error' : ''}`} data-row-key={r.key} aria-label={t('feedbackRowN', { n: rowNo })}>
                  <span className="fb-row-no" aria-hidden="true">
                    {rowNo}
                  </span>
                  <label className="field fb-cell-project">
                    <span className="fb-cell-label">{t('feedbackField_projectId')}</span>
                    <select
                      name="answer-project"
                      value={r.projectId}
                      disabled={!sub}
                      aria-invalid={e('projectId') ? true : undefined}
                      onChange={(ev) => setAnswer(r.key, { projectId: ev.target.value })}
                    >
                      <option value="">{t('feedbackChooseProject')}</option>
                      {projectYears.map((y) => (
                        <optgroup key={y} label={i.fiscalYear(y)}>
                          {projectOptions
                            .filter((p) => p.fiscalYear === y)
                            .map((p) => (
                              <option key={p.id} value={p.id}>
                                {p.title} · {i.name(p.agency)}
                              </option>
                            ))}
                        </optgroup>
                      ))}
                    </select>
                    {e('projectId') && <span className="hint hint-error">{e('projectId')}</span>}
                  </label>
                  <fieldset className="fb-cell-meets" aria-invalid={e('meets') ? true : undefined}>
                    <legend className="fb-cell-label">{t('feedbackField_meets')}</legend>
                    <div className="fb-meets-choice">
                      {MEETS.map((m) => (
                        <label key={m} className={`fb-pill fb-pill-${m}`}>
                          <input type="radio" name={`answer-meets-${r.key}`} value={m} checked={r.meets === m} onChange={() => setAnswer(r.key, { meets: m })} />
                          <span>{t(`feedbackMeetsShort_${m}` as MessageKey)}</span>
                        </label>
                      ))}
                    </div>
                    {e('meets') && <span className="hint hint-error">{e('meets')}</span>}
                  </fieldset>
                  <label className="field fb-cell-rating">
                    <span className="fb-cell-label">{t('feedbackField_rating')}</span>
                    <select name="answer-rating" value={r.rating} aria-invalid={e('rating') ? true : undefined} onChange={(ev) => setAnswer(r.key, { rating: ev.target.value })}>
                      <option value="">—</option>
                      {[5, 4, 3, 2, 1].map((n) => (
                        <option key={n} value={n}>
                          {t(`feedbackRating_${n}` as MessageKey)}
                        </option>
                      ))}
                    </select>
                    {e('rating') && <span className="hint hint-error">{e('rating')}</span>}
                  </label>
                  <label className="field fb-cell-comment">
                    <span className="fb-cell-label">{t('feedbackField_comment')}</span>
                    <input
                      type="text"
                      name="answer-comment"
                      value={r.comment}
                      aria-invalid={e('comment') ? true : undefined}
                      onChange={(ev) => setAnswer(r.key, { comment: ev.target.value })}
                      onKeyDown={(ev) => onCommentKey(ev, r.key)}
                    />
                    {e('comment') && <span className="hint hint-error">{e('comment')}</span>}
                  </label>
                  <label className="field fb-cell-village">
                    <span className="fb-cell-label">{t('feedbackField_villageCode')}</span>
                    <select name="answer-village" value={r.villageCode} disabled={!sub} aria-invalid={e('villageCode') ? true : undefined} onChange={(ev) => setAnswer(r.key, { villageCode: ev.target.value })}>
                      <option value="">—</option>
                      {villageOptions.map((v) => (
                        <option key={v.code} value={v.code}>
                          {i.name(v)}
                        </option>
                      ))}
                    </select>
                    {e('villageCode') && <span className="hint hint-error">{e('villageCode')}</span>}
                  </label>
                  <button type="button" className="btn btn-small fb-row-remove" aria-label={t('feedbackRemoveRowN', { n: rowNo })} title={t('feedbackRemoveRowN', { n: rowNo })} onClick={() => removeAnswer(r.key)}>
                    ✕<span className="fb-remove-word"> {t('feedbackRemoveRow')}</span>
                  </button>
                  {unplaced.length > 0 && (
                    <div className="fb-row-msg" role="alert">
                      {unplaced.map(([f, m]) => (
                        <p key={f}>{t('feedbackRowError', { n: rowNo, message: m(i) })}</p>
                      ))}
                    </div>
                  )}
                </li>
              );
            })}
          </ol>
          <button type="button" className="btn" onClick={addAnswer}>
            + {t('feedbackAddAnswer')}
          </button>
        </fieldset>

        <fieldset className="fb-fieldset">
          <legend>{t('feedbackNeedsTitle', { n: num(filledNeeds) })}</legend>
          <p className="hint">{t('feedbackNeedsHint')}</p>
          <ol className="fb-rows fb-need-rows">
            {form.needs.map((r, idx) => {
              const re = errors.needs[r.key] ?? {};
              const e = (f: string) => re[f]?.(i) ?? null;
              const unplaced = Object.entries(re).filter(([f]) => !['categoryCode', 'description', 'villageCode'].includes(f));
              const rowNo = idx + 1;
              return (
                <li key={r.key} className={`fb-row fb-need-row${Object.keys(re).length ? ' fb-row-error' : ''}`} data-row-key={r.key} aria-label={t('feedbackNeedRowN', { n: rowNo })}>
                  <span className="fb-row-no" aria-hidden="true">
                    {rowNo}
                  </span>
                  <label className="field">
                    <span className="fb-cell-label fb-cell-label-always">{t('feedbackField_categoryCode')}</span>
                    <select name="need-category" value={r.categoryCode} aria-invalid={e('categoryCode') ? true : undefined} onChange={(ev) => setNeed(r.key, { categoryCode: ev.target.value })}>
                      <option value="">{t('feedbackChooseCategory')}</option>
                      {categories
                        .filter((c) => c.active)
                        .map((c) => (
                          <option key={c.code} value={c.code}>
                            {i.label(c)}
                          </option>
                        ))}
                    </select>
                    {e('categoryCode') && <span className="hint hint-error">{e('categoryCode')}</span>}
                  </label>
                  <label className="field fb-cell-need-text">
                    <span className="fb-cell-label fb-cell-label-always">{t('feedbackField_description')}</span>
                    <textarea name="need-description" rows={2} value={r.description} aria-invalid={e('description') ? true : undefined} onChange={(ev) => setNeed(r.key, { description: ev.target.value })} />
                    {e('description') && <span className="hint hint-error">{e('description')}</span>}
                  </label>
                  <label className="field">
                    <span className="fb-cell-label fb-cell-label-always">{t('feedbackField_villageCode')}</span>
                    <select name="need-village" value={r.villageCode} disabled={!sub} onChange={(ev) => setNeed(r.key, { villageCode: ev.target.value })}>
                      <option value="">—</option>
                      {villageOptions.map((v) => (
                        <option key={v.code} value={v.code}>
                          {i.name(v)}
                        </option>
                      ))}
                    </select>
                    {e('villageCode') && <span className="hint hint-error">{e('villageCode')}</span>}
                  </label>
                  <button type="button" className="btn btn-small fb-row-remove" aria-label={t('feedbackRemoveNeedN', { n: rowNo })} title={t('feedbackRemoveNeedN', { n: rowNo })} onClick={() => removeNeed(r.key)}>
                    ✕<span className="fb-remove-word"> {t('feedbackRemoveRow')}</span>
                  </button>
                  {unplaced.length > 0 && (
                    <div className="fb-row-msg" role="alert">
                      {unplaced.map(([f, m]) => (
                        <p key={f}>{t('feedbackNeedRowError', { n: rowNo, message: m(i) })}</p>
                      ))}
                    </div>
                  )}
                </li>
              );
            })}
          </ol>
          <button type="button" className="btn" onClick={addNeed}>
            + {t('feedbackAddNeed')}
          </button>
        </fieldset>

        {(errors.form.length > 0 || hasErrors(errors)) && (
          <div className="alert alert-error fb-form-errors" role="alert">
            <p>{t('feedbackNotSaved')}</p>
            {errors.form.map((m, k) => (
              <p key={k}>{m(i)}</p>
            ))}
          </div>
        )}
        <div className="form-actions fb-submit-row">
          <button type="submit" className="btn btn-primary" disabled={busy}>
            {busy ? t('feedbackSaving') : t('feedbackSaveMeeting', { n: num(filled), needs: num(filledNeeds) })}
          </button>
        </div>
      </form>

      <section className="fb-meetings" aria-labelledby="fb-meetings-title">
        <h2 id="fb-meetings-title">{t('feedbackMeetingsTitle', { fy: i.fiscalYear(fiscalYearOf(new Date())) })}</h2>
        {meetings.error ? <Alert kind="error">{errorText(meetings.error, i)}</Alert> : null}
        {meetings.data && meetings.data.items.length === 0 && <p className="muted">{t('feedbackMeetingsEmpty')}</p>}
        {meetings.data && meetings.data.items.length > 0 && (
          <div className="table-wrap">
            <table className="table fb-meetings-table fb-cards-narrow">
              <thead>
                <tr>
                  <th scope="col">{t('feedbackMeetingDate')}</th>
                  <th scope="col">{t('area')}</th>
                  <th scope="col">{t('feedbackChannel')}</th>
                  <th scope="col">{t('feedbackMeetingPlace')}</th>
                  <th scope="col" className="num">
                    {t('feedbackMeetingAttendanceShort')}
                  </th>
                  <th scope="col" className="num">
                    {t('feedbackColAnswers')}
                  </th>
                  <th scope="col" className="num">
                    {t('feedbackColNeeds')}
                  </th>
                  <th scope="col">{t('feedbackRecordedBy')}</th>
                </tr>
              </thead>
              <tbody>
                {meetings.data.items.map((m) => (
                  <tr key={m.id}>
                    <td className="nowrap" data-label={t('feedbackMeetingDate')}>
                      {i.date(dayInstant(m.meetingDate.slice(0, 10)) ?? m.meetingDate)}
                    </td>
                    <td data-label={t('area')}>{m.villageTh ? `${m.villageTh} · ${t('subdistrict')}${m.subdistrictTh}` : `${t('subdistrict')}${m.subdistrictTh}`}</td>
                    <td data-label={t('feedbackChannel')}>{channelWord(m.channel, i)}</td>
                    <td data-label={t('feedbackMeetingPlace')}>{m.place}</td>
                    <td className="num" data-label={t('feedbackMeetingAttendanceShort')}>
                      {num(m.attendance)}
                    </td>
                    <td className="num" data-label={t('feedbackColAnswers')}>
                      {num(countOf(m.answers))}
                    </td>
                    <td className="num" data-label={t('feedbackColNeeds')}>
                      {num(countOf(m.needs))}
                    </td>
                    <td data-label={t('feedbackRecordedBy')}>
                      {m.recordedBy ?? '—'}
                      <br />
                      <span className="muted small">{i.date(m.recordedAt, { time: true })}</span>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </div>
  );
}
