/**
 * Choropleth classes: up to five classes of the positive values (quantiles, rounded to readable
 * bounds), and the colour of each. Pure, unit-tested; the map joins the class of each area to its
 * polygon through feature state.
 */

/** A sequential orange-red ramp (ColorBrewer OrRd), light to dark, readable on the pale background. */
export const CLASS_COLORS = ['#fdd49e', '#fdbb84', '#fc8d59', '#e34a33', '#b30000'] as const;
/** Areas whose rate is unknown (no population). */
export const NO_DATA_COLOR = '#c9c9c9';

export interface ChoroplethClass {
  /** Lowest value in the class (inclusive). */
  from: number;
  /** Highest value in the class (inclusive). */
  to: number;
  color: string;
}

/** Rounds up to a readable bound: integers for counts, two significant digits for rates. */
function niceUp(v: number, integer: boolean): number {
  if (integer) return Math.ceil(v);
  if (v <= 0) return 0;
  const p = Math.pow(10, Math.floor(Math.log10(v)) - 1);
  return Math.ceil(v / p - 1e-9) * p;
}

function roundSig(v: number): number {
  return Number(v.toPrecision(12));
}

/**
 * Classes of the positive values: quantile bounds rounded up, duplicates merged, the last class
 * ending at the maximum. Zero and missing values belong to no class (drawn without fill).
 */
export function choroplethClasses(values: number[], integer: boolean, n = CLASS_COLORS.length): ChoroplethClass[] {
  const xs = values.filter((v) => Number.isFinite(v) && v > 0).sort((a, b) => a - b);
  if (!xs.length) return [];
  const max = xs[xs.length - 1];
  const uppers: number[] = [];
  for (let i = 1; i <= n; i++) {
    const q = xs[Math.min(xs.length - 1, Math.ceil((i / n) * xs.length) - 1)];
    const u = i === n ? max : Math.min(max, roundSig(niceUp(q, integer)));
    if (!uppers.length || u > uppers[uppers.length - 1]) uppers.push(u);
  }
  if (uppers[uppers.length - 1] < max) uppers.push(max);
  // Spread the colours over the ramp when there are fewer classes than colours.
  const pick = (i: number) => CLASS_COLORS[uppers.length === 1 ? CLASS_COLORS.length - 1 : Math.round((i * (CLASS_COLORS.length - 1)) / (uppers.length - 1))];
  const step = integer ? 1 : 0;
  return uppers.map((to, i) => {
    const prev = i === 0 ? 0 : uppers[i - 1];
    const from = i === 0 ? (integer ? 1 : xs[0]) : integer ? prev + step : prev;
    return { from: integer ? from : roundSig(from), to, color: pick(i) };
  });
}

/** The class index of a value (-1 when it is zero, missing or outside every class). */
export function classIndex(value: number | null | undefined, classes: ChoroplethClass[]): number {
  if (value === null || value === undefined || !(value > 0)) return -1;
  for (let i = 0; i < classes.length; i++) if (value <= classes[i].to) return i;
  return -1;
}

/**
 * The index in CLASS_COLORS of a value's colour (-1 when it has no class). Classes spread over the
 * ramp when there are fewer than five, so this is not the class index; the map draws by it.
 */
export function rampIndex(value: number | null | undefined, classes: ChoroplethClass[]): number {
  const k = classIndex(value, classes);
  return k < 0 ? -1 : (CLASS_COLORS as readonly string[]).indexOf(classes[k].color);
}
