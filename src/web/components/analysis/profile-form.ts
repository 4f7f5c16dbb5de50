/**
 * The analysis profile editor's form, without React: building a form from a stored profile,
 * checking it (AHP consistency included, with src/shared/ahp.ts running in the browser), turning
 * it into the body of POST/PATCH /api/analysis/profiles, and reading the server's refusals as
 * message keys. Kept apart from the component so the rules are unit-tested.
 */
import {
  AhpError, MAX_CONSISTENCY_RATIO, analyseAhp, formatJudgment, matrixFromUpperTriangle, nearestSaatyValue, type AhpResult,
} from '../../../shared/ahp.ts';
import type { PriorityProfile } from '../../../shared/priority.ts';
import { ApiError } from '../../api.ts';
import type { MessageKey } from '../../messages.ts';
import type { AnalysisProfile } from './types.ts';

/** Saaty's scale as the matrix offers it, strongest for the row first. */
export const SAATY_VALUES: readonly number[] = [9, 8, 7, 6, 5, 4, 3, 2, 1, 1 / 2, 1 / 3, 1 / 4, 1 / 5, 1 / 6, 1 / 7, 1 / 8, 1 / 9];

/** The pairwise record the server keeps with a profile whose weights came from AHP. */
export interface AhpRecord {
  items: string[];
  matrix: number[][];
  weights: Record<string, number>;
  consistencyRatio: number;
}

/** A profile as GET /api/analysis/profiles returns it, with what the editor needs. */
export interface FullProfile extends AnalysisProfile {
  profile: PriorityProfile;
  ahp: { components?: AhpRecord; categories?: AhpRecord } | null;
}

export type WeightMode = 'direct' | 'ahp';

/** The weights of one level (components or categories), entered directly or by pairwise comparison. */
export interface WeightBlock {
  mode: WeightMode;
  items: string[];
  /** Direct weights as typed, by item. */
  direct: Record<string, string>;
  /** upper[i][k]: judgment of item i over item i + 1 + k (Saaty's scale). */
  upper: number[][];
}

export interface ProfileForm {
  /** The profile being edited (a profile the user made), or null for a new one. */
  editingId: number | null;
  nameTh: string;
  nameEn: string;
  normalisation: PriorityProfile['normalisation'];
  aggregation: PriorityProfile['aggregation'];
  halfLife: string;
  topN: string;
  ratePer1000: boolean;
  components: WeightBlock;
  categories: WeightBlock;
  /** Categories the source profile weighted that no longer exist: left out, and said so. */
  droppedCategories: string[];
}

/** A message of the editor: a key of src/web/messages/profiles.ts and its values. */
export interface FormProblem {
  key: MessageKey;
  params?: Record<string, string | number>;
  /** The block and cell to revise, for highlighting. */
  block?: 'components' | 'categories';
  cell?: { row: number; column: number };
}

function equalUpper(n: number): number[][] {
  return Array.from({ length: Math.max(0, n - 1) }, (_, i) => new Array<number>(n - 1 - i).fill(1));
}

/** Weights as people read them: points that sum to about 100 when they were shares of 1. */
function asPoints(w: Readonly<Record<string, number>>): Record<string, number> {
  const vals = Object.values(w);
  const sum = vals.reduce((s, v) => s + v, 0);
  const scale = sum > 0 && sum <= 1.000001 ? 100 : 1;
  return Object.fromEntries(Object.entries(w).map(([k, v]) => [k, Math.round(v * scale * 100) / 100]));
}

function blockFrom(items: string[], weights: Readonly<Record<string, number>>, ahp: AhpRecord | undefined): WeightBlock {
  const points = asPoints(weights);
  const direct = Object.fromEntries(items.map((k) => [k, String(points[k] ?? 0)]));
  // Pairwise judgments are kept only when they compare exactly today's items in today's order.
  if (ahp && ahp.items.length === items.length && ahp.items.every((x, k) => x === items[k])) {
    const upper = equalUpper(items.length).map((row, i) => row.map((_, k) => nearestSaatyValue(ahp.matrix[i][i + 1 + k])));
    return { mode: 'ahp', items, direct, upper };
  }
  return { mode: 'direct', items, direct, upper: equalUpper(items.length) };
}

/**
 * A form that starts from `source` (a copy of it, or the profile itself when `edit` and it is not
 * a preset), over the components and the active categories. Categories the source weights but
 * which no longer exist are dropped and listed in `droppedCategories`.
 */
export function formFromProfile(source: FullProfile | null, components: string[], categories: string[], copyOf: { th: string; en: string }, edit = false): ProfileForm {
  const p = source?.profile;
  const equal = (xs: string[]) => Object.fromEntries(xs.map((x) => [x, 1]));
  const editing = edit && source && !source.preset ? source : null;
  return {
    editingId: editing ? editing.id : null,
    nameTh: source ? (editing ? source.nameTh : `${source.nameTh} ${copyOf.th}`) : '',
    nameEn: source ? (editing ? source.nameEn : `${source.nameEn} ${copyOf.en}`) : '',
    normalisation: p?.normalisation ?? 'rank',
    aggregation: p?.aggregation ?? 'weighted_sum',
    halfLife: String(p?.recencyHalfLifeDays ?? 90),
    topN: String(p?.topN ?? 20),
    ratePer1000: p?.ratePer1000 ?? true,
    components: blockFrom(components, p?.componentWeights ?? equal(components), source?.ahp?.components),
    categories: blockFrom(categories, p?.categoryWeights ?? equal(categories), source?.ahp?.categories),
    droppedCategories: p ? Object.keys(p.categoryWeights).filter((c) => !categories.includes(c) && (p.categoryWeights[c] ?? 0) > 0) : [],
  };
}

/** The full matrix of a block's judgments. */
export function blockMatrix(b: WeightBlock): number[][] {
  return matrixFromUpperTriangle(b.items.length, b.upper);
}

/** Live AHP figures of a block (weights, CR, the comparison furthest off), or null when it cannot be computed. */
export function blockAnalysis(b: WeightBlock): AhpResult | null {
  if (!b.items.length) return null;
  try {
    return analyseAhp(blockMatrix(b), { labels: b.items });
  } catch (e) {
    if (e instanceof AhpError) return null;
    throw e;
  }
}

/** Parses a typed weight: a finite number >= 0, or null. */
export function parseWeight(text: string): number | null {
  const t = text.trim().replace(',', '.');
  if (t === '') return 0;
  const v = Number(t);
  return Number.isFinite(v) && v >= 0 ? v : null;
}

/**
 * What is wrong with the form, first problem first (empty when it can be saved): names, the
 * half-life and list size, a weight that is not a number, all weights zero, and pairwise
 * judgments whose consistency ratio is above 0.10 (naming the comparison to revise).
 */
export function checkForm(f: ProfileForm, label: (block: 'components' | 'categories', id: string) => string): FormProblem[] {
  const out: FormProblem[] = [];
  if (!f.nameTh.trim()) out.push({ key: 'profileErrNameTh' });
  if (!f.nameEn.trim()) out.push({ key: 'profileErrNameEn' });
  const hl = Number(f.halfLife);
  if (!(Number.isFinite(hl) && hl > 0 && hl <= 36500)) out.push({ key: 'profileErrHalfLife' });
  const topN = Number(f.topN);
  if (!(Number.isInteger(topN) && topN >= 1 && topN <= 10000)) out.push({ key: 'profileErrTopN' });
  for (const block of ['components', 'categories'] as const) {
    const b = f[block];
    if (b.mode === 'direct') {
      let sum = 0;
      let bad = false;
      for (const id of b.items) {
        const v = parseWeight(b.direct[id] ?? '');
        if (v === null) {
          out.push({ key: 'profileErrWeightBad', params: { item: label(block, id) }, block });
          bad = true;
        } else sum += v;
      }
      if (!bad && sum === 0) out.push({ key: block === 'components' ? 'profileErrComponentsZero' : 'profileErrCategoriesZero', block });
    } else {
      const a = blockAnalysis(b);
      if (!a) {
        out.push({ key: 'profileErrMatrix', block });
      } else if (!a.consistent && a.worst) {
        const w = a.worst;
        out.push({
          key: 'profileErrInconsistent',
          block,
          cell: { row: w.row, column: w.column },
          params: {
            level: block,
            cr: a.cr.toFixed(3),
            max: MAX_CONSISTENCY_RATIO.toFixed(2),
            a: label(block, b.items[w.row]),
            b: label(block, b.items[w.column]),
            given: formatJudgment(w.given),
            implied: formatJudgment(w.implied),
            suggest: formatJudgment(nearestSaatyValue(w.implied)),
          },
        });
      }
    }
  }
  return out;
}

/** A name for the API (unique, at most 100 characters) made from the English name. */
export function profileSlug(nameEn: string): string {
  const s = nameEn.toLowerCase().normalize('NFKD').replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 80);
  return s || 'profile';
}

/** The body of POST /api/analysis/profiles (or PATCH for an edited profile) the form describes. */
export function formBody(f: ProfileForm): Record<string, unknown> {
  const body: Record<string, unknown> = {
    name: profileSlug(f.nameEn),
    nameTh: f.nameTh.trim(),
    nameEn: f.nameEn.trim(),
    normalisation: f.normalisation,
    aggregation: f.aggregation,
    topN: Number(f.topN),
    ratePer1000: f.ratePer1000,
    recencyHalfLifeDays: Number(f.halfLife),
  };
  for (const [block, w, pw] of [['components', 'componentWeights', 'componentPairwise'], ['categories', 'categoryWeights', 'categoryPairwise']] as const) {
    const b = f[block];
    if (b.mode === 'ahp') body[pw] = { items: b.items, matrix: blockMatrix(b) };
    else body[w] = Object.fromEntries(b.items.map((id) => [id, parseWeight(b.direct[id] ?? '') ?? 0]));
  }
  return body;
}

/**
 * The Thai (or English) sentence for a refusal of the profiles API: the name taken, a preset,
 * inconsistent judgments, all weights zero, a category that no longer exists; else the server's
 * own words after a sentence that says saving failed.
 */
export function profileApiProblem(err: unknown): FormProblem {
  if (!(err instanceof ApiError)) return { key: 'profileErrSave', params: { message: err instanceof Error ? err.message : String(err) } };
  const m = err.message;
  if (err.status === 409 && /exists already/.test(m)) return { key: 'profileErrNameTaken' };
  if (err.status === 409 && /preset/.test(m)) return { key: 'profileErrPreset' };
  if (err.code === 'inconsistent_weights') return { key: 'profileErrServerInconsistent', params: { message: m } };
  if (/all category weights are zero/.test(m)) return { key: 'profileErrCategoriesZero', block: 'categories' };
  if (/all weights are zero/.test(m)) return { key: 'profileErrComponentsZero', block: 'components' };
  const deleted = /category '([^']+)', which does not exist/.exec(m);
  if (deleted) return { key: 'profileErrDeletedCategory', params: { category: deleted[1] } };
  if (err.status === 404) return { key: 'profileErrGone' };
  return { key: 'profileErrSave', params: { message: m } };
}

/**
 * The Thai (or English) sentence for a refused analysis run: a period without incidents, a profile
 * that weights a deleted category, a deleted profile, a province without sub-districts, all
 * weights zero. Null when the refusal has no sentence of its own (the caller shows the server's).
 */
export function runApiProblem(err: unknown): FormProblem | null {
  if (!(err instanceof ApiError) || err.status !== 422) return null;
  const m = err.message;
  if (err.code === 'no_data') return { key: 'profileRunNoData' };
  const deleted = /category '([^']+)', which does not exist/.exec(m);
  if (deleted) return { key: 'profileRunDeletedCategory', params: { category: deleted[1] } };
  if (err.code === 'unknown_profile') return { key: 'profileRunUnknownProfile' };
  if (err.code === 'no_areas') return { key: 'profileRunNoAreas' };
  if (/weights are zero/.test(m)) return { key: 'profileRunZeroWeights' };
  return null;
}
