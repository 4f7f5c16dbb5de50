/**
 * The progress report of one project for one fiscal quarter: percent done, money spent, what was
 * achieved of each planned output, what happened, and activity photos with captions. Saving
 * writes the report (PUT, so a second save corrects it), then uploads the chosen photo to it.
 */
import { useState } from 'react';
import { api } from '../../api.ts';
import { useI18n } from '../../i18n.tsx';
import { Alert, FilePicker, type Msg } from '../common.tsx';
import type { ProgressReport, Project } from '../../../shared/project-types.ts';
import { actionErrorText, bahtText, parseBaht, parsePercent, parseQuantity, PHOTO_ACCEPT, PHOTO_MAX_BYTES, serverFieldErrors, type FieldErrors } from './project-text.ts';

const FIELDS = ['percentDone', 'spentBaht', 'outputs', 'narrative', 'file', 'caption'] as const;

/** Whether a file looks like a photo the server keeps, by its type or name (the server checks the bytes). */
function isPhoto(f: File): boolean {
  return /^image\/(jpeg|png|webp)$/.test(f.type) || /\.(jpe?g|png|webp)$/i.test(f.name);
}

export function ProgressForm(props: {
  project: Project;
  fiscalYear: number;
  quarter: number;
  existing: ProgressReport | null;
  onSaved(msg: Msg): void;
  onChanged(): void;
  onCancel(): void;
}) {
  const i = useI18n();
  const { t } = i;
  const { project, fiscalYear: fy, quarter, existing } = props;
  const [percent, setPercent] = useState(existing ? String(existing.percentDone) : project.percentDone != null ? String(project.percentDone) : '');
  const [spent, setSpent] = useState(existing ? bahtText(existing.spentBaht, i) : project.spentBaht != null ? bahtText(project.spentBaht, i) : '');
  const [achieved, setAchieved] = useState<Record<string, string>>(() =>
    Object.fromEntries(project.plannedOutputs.map((o) => [o.name, String(existing?.outputs.find((x) => x.name === o.name)?.achieved ?? '')])),
  );
  const [narrative, setNarrative] = useState(existing?.narrative ?? '');
  const [file, setFile] = useState<File | null>(null);
  const [caption, setCaption] = useState('');
  const [errors, setErrors] = useState<FieldErrors>({});
  const [error, setError] = useState<{ msg: Msg } | null>(null);
  const [notice, setNotice] = useState<{ msg: Msg } | null>(null);
  const [busy, setBusy] = useState(false);
  const quarterText = i.fiscalQuarter(fy, quarter);
  const base = `/api/projects/${project.id}/progress/${fy}/${quarter}`;
  // Spending above the budget is allowed (a top-up may come later) but worth a second look.
  const spentNow = parseBaht(spent);
  const overBudget = spentNow !== null && spentNow > project.budgetBaht;

  const invalid = (f: string) => (errors[f] ? { 'aria-invalid': true as const, 'aria-describedby': `progress-err-${f}` } : {});
  const message = (f: string) =>
    errors[f] ? (
      <span className="hint-error" id={`progress-err-${f}`}>
        {errors[f](i)}
      </span>
    ) : null;

  const submit = async () => {
    setError(null);
    setNotice(null);
    const e: FieldErrors = {};
    const percentDone = parsePercent(percent);
    if (percentDone === null) e.percentDone = (x) => x.t('projectsErrPercent');
    const spentBaht = spent.trim() ? parseBaht(spent) : 0;
    if (spentBaht === null) e.spentBaht = (x) => x.t('projectsErrSpent');
    const outputs: Array<{ name: string; achieved: number }> = [];
    for (const o of project.plannedOutputs) {
      const text = achieved[o.name]?.trim() ?? '';
      if (!text) continue;
      const n = parseQuantity(text);
      if (n === null) e.outputs ??= (x) => x.t('projectsErrAchieved', { name: o.name });
      else outputs.push({ name: o.name, achieved: n });
    }
    if (file && !isPhoto(file)) e.file = (x) => x.t('projectsErrPhotoType');
    else if (file && file.size > PHOTO_MAX_BYTES) e.file = (x) => x.t('projectsErrPhotoSize');
    setErrors(e);
    if (Object.keys(e).length || percentDone === null || spentBaht === null) {
      setError({ msg: (x) => x.t('projectsErrCheckFields') });
      return;
    }
    setBusy(true);
    try {
      await api<ProgressReport>(base, { method: 'PUT', json: { percentDone, spentBaht, outputs, narrative: narrative.trim() } });
    } catch (err) {
      setErrors(serverFieldErrors(err, FIELDS).fields);
      setError({ msg: (x) => actionErrorText(err, 'projectsErrProgress', x) });
      setBusy(false);
      return;
    }
    if (file) {
      const form = new FormData();
      // The caption first: the server reads the fields that come before the file.
      form.set('caption', caption.trim());
      form.set('file', file, file.name);
      try {
        await api(`${base}/photos`, { method: 'POST', form });
      } catch (err) {
        setErrors(serverFieldErrors(err, FIELDS).fields);
        setError({ msg: (x) => actionErrorText(err, 'projectsErrPhoto', x) });
        setBusy(false);
        props.onChanged();
        return;
      }
    }
    setBusy(false);
    props.onSaved((x) => x.t(file ? 'projectsProgressSavedPhoto' : 'projectsProgressSaved', { quarter: x.fiscalQuarter(fy, quarter) }));
  };

  const deletePhoto = async (id: number) => {
    setError(null);
    try {
      await api(`/api/project-photos/${id}`, { method: 'DELETE' });
      setNotice({ msg: (x) => x.t('projectsPhotoDeleted') });
      props.onChanged();
    } catch (err) {
      setError({ msg: (x) => actionErrorText(err, 'projectsErrPhotoDelete', x) });
    }
  };

  return (
    <form
      className="card card-form projects-progress-form"
      aria-labelledby="projects-progress-title"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        void submit();
      }}
    >
      <h3 id="projects-progress-title">{t('projectsProgressTitle', { quarter: quarterText })}</h3>
      <div className="form-grid">
        <label className="field">
          <span>{t('projectsPercentDone')}</span>
          <input type="text" inputMode="decimal" name="percentDone" value={percent} {...invalid('percentDone')} onChange={(e) => setPercent(e.target.value)} />
          {errors.percentDone ? message('percentDone') : <span className="hint">{t('projectsPercentHint')}</span>}
        </label>
        <label className="field">
          <span>{t('projectsSpent')}</span>
          <input type="text" inputMode="decimal" name="spentBaht" value={spent} {...invalid('spentBaht')} onChange={(e) => setSpent(e.target.value)} />
          {errors.spentBaht ? (
            message('spentBaht')
          ) : overBudget ? (
            <span className="hint projects-warn">{t('projectsOverBudget', { budget: bahtText(project.budgetBaht, i) })}</span>
          ) : (
            <span className="hint">{t('projectsSpentHint')}</span>
          )}
        </label>
        {project.plannedOutputs.length > 0 && (
          <fieldset className="field-wide projects-set" {...invalid('outputs')}>
            <legend>{t('projectsOutputsTitle')}</legend>
            <div className="projects-achieved">
              {project.plannedOutputs.map((o) => (
                <label key={o.name} className="field">
                  <span>{o.name}</span>
                  <input
                    type="text"
                    inputMode="decimal"
                    name="achieved"
                    data-output={o.name}
                    value={achieved[o.name] ?? ''}
                    onChange={(e) => setAchieved((v) => ({ ...v, [o.name]: e.target.value }))}
                  />
                  <span className="hint">{t('projectsAchievedOf', { target: i.num(o.target, 4), unit: o.unit })}</span>
                </label>
              ))}
            </div>
            {message('outputs')}
          </fieldset>
        )}
        <label className="field field-wide">
          <span>{t('projectsNarrative')}</span>
          <textarea name="narrative" rows={3} maxLength={5000} value={narrative} {...invalid('narrative')} onChange={(e) => setNarrative(e.target.value)} />
          {message('narrative')}
        </label>
        {existing && existing.photos.length > 0 && (
          <div className="field-wide">
            <span className="projects-label">{t('projectsPhotos')}</span>
            <ul className="projects-photos">
              {existing.photos.map((p) => (
                <li key={p.id}>
                  <img src={p.url} alt={p.caption || p.filename} loading="lazy" />
                  <span className="projects-photo-caption">{p.caption || p.filename}</span>
                  <button type="button" className="btn btn-small btn-danger-quiet" aria-label={t('projectsPhotoDeleteAria', { name: p.caption || p.filename })} onClick={() => void deletePhoto(p.id)}>
                    {t('projectsPhotoDelete')}
                  </button>
                </li>
              ))}
            </ul>
          </div>
        )}
        <div className="field-wide projects-photo-add">
          <FilePicker accept={PHOTO_ACCEPT} file={file} onChange={setFile} label={t('projectsPhotoAdd')} />
          {message('file')}
          {file && (
            <label className="field">
              <span>{t('projectsPhotoCaption')}</span>
              <input type="text" name="caption" maxLength={500} value={caption} {...invalid('caption')} onChange={(e) => setCaption(e.target.value)} />
              {message('caption')}
            </label>
          )}
        </div>
      </div>
      {error && <Alert kind="error">{error.msg(i)}</Alert>}
      {notice && <Alert kind="success">{notice.msg(i)}</Alert>}
      <div className="form-actions">
        <button type="submit" className="btn btn-primary" disabled={busy}>
          {busy ? t('projectsSaving') : t('projectsProgressSave')}
        </button>
        <button type="button" className="btn" onClick={props.onCancel}>
          {t('projectsCancel')}
        </button>
      </div>
    </form>
  );
}
