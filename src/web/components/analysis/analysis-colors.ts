/** Colours of the priority analysis map and its legend, shared by the map and the legend. */

/** Five score classes from low to high (sequential, readable on the pale background). */
export const SCORE_COLORS = ['#fef0d9', '#fdcc8a', '#fc8d59', '#e34a33', '#b30000'] as const;

/** Gi* classes: cold spot, not significant, hot spot (95%), hot spot (99%). */
export const GI_COLORS = ['#4575b4', '#eeeeee', '#f46d43', '#a50026'] as const;

/** The dashed outline of the areas in the current target list. */
export const TARGET_COLOR = '#1d2733';

/** The z of a 95% significant hot spot. */
export const HOTSPOT_Z = 1.96;

/** The score class (0-4) of a score between the minimum and the maximum of the run. */
export function scoreClass(score: number, min: number, max: number): number {
  if (!(max > min)) return 0;
  const k = Math.floor(((score - min) / (max - min)) * SCORE_COLORS.length);
  return Math.max(0, Math.min(SCORE_COLORS.length - 1, k));
}

/** The Gi* class of a z value: 0 cold, 1 not significant, 2 hot (95%), 3 hot (99%). */
export function giClass(z: number): number {
  if (z >= 2.58) return 3;
  if (z >= HOTSPOT_Z) return 2;
  if (z <= -HOTSPOT_Z) return 0;
  return 1;
}

/** Local Moran classes in legend order (GeoDa's LISA cluster map colours). */
export const MORAN_CLASSES = ['high-high', 'low-low', 'high-low', 'low-high', 'not-significant', 'island'] as const;
export const MORAN_COLORS = ['#e31a1c', '#1f78b4', '#fb9a99', '#a6cee3', '#eeeeee', '#bdbdbd'] as const;

/** The map class (index in MORAN_CLASSES) of a local Moran class; -1 (not drawn) when the run has none. */
export function moranClass(cluster: string | null | undefined): number {
  return cluster ? (MORAN_CLASSES as readonly string[]).indexOf(cluster) : -1;
}
