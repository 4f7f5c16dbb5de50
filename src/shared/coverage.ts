/**
 * Which projects reach which target areas, and each area's share of the budgets (issue 4): the
 * one rule the dashboard, the review pack and the annual report all use.
 *
 * - A sub-district target (6 digits) is reached by a project on the sub-district itself or on any
 *   of its villages.
 * - A village target (8 digits) is reached by a project on that village or on its whole
 *   sub-district (a project for the sub-district serves each of its villages).
 * - A project's budget is split evenly over its areas, so budgets summed over areas add up to the
 *   projects' budgets and a project in five sub-districts is not counted five times.
 */

export interface ProjectAreaLink {
  projectId: number;
  areaCode: string;
  budgetBaht: number;
  /** How many areas the project has in all. */
  areaCount: number;
}

/** Whether a project on `projectArea` reaches the target area `targetCode`. */
export function reaches(projectArea: string, targetCode: string): boolean {
  if (targetCode.length === 6) return projectArea.slice(0, 6) === targetCode;
  return projectArea === targetCode || projectArea === targetCode.slice(0, 6);
}

export interface TargetCoverage {
  /** Distinct projects reaching the area. */
  projectIds: number[];
  /** The area's share of those projects' budgets. */
  budgetBaht: number;
}

/**
 * For each target area, the projects that reach it and its budget share. The share of a project
 * link counts for the target it lies in (a village link for its village target, or else for its
 * sub-district target); a sub-district link reaching village targets counts their share once, for
 * the sub-district target if there is one, else spread evenly over the village targets it reaches.
 */
export function coverageOf(targets: string[], links: ProjectAreaLink[]): Map<string, TargetCoverage> {
  const out = new Map<string, TargetCoverage>(targets.map((t) => [t, { projectIds: [], budgetBaht: 0 }]));
  const bySubdistrict = new Map<string, string[]>();
  for (const t of targets) {
    const s = t.slice(0, 6);
    const list = bySubdistrict.get(s);
    if (list) list.push(t);
    else bySubdistrict.set(s, [t]);
  }
  const seen = new Map<string, Set<number>>(targets.map((t) => [t, new Set<number>()]));
  for (const link of links) {
    const candidates = bySubdistrict.get(link.areaCode.slice(0, 6));
    if (!candidates) continue;
    const reached = candidates.filter((t) => reaches(link.areaCode, t));
    if (!reached.length) continue;
    for (const t of reached) {
      const s = seen.get(t)!;
      if (!s.has(link.projectId)) {
        s.add(link.projectId);
        out.get(t)!.projectIds.push(link.projectId);
      }
    }
    const share = link.areaCount > 0 ? link.budgetBaht / link.areaCount : 0;
    // The share goes to one place only, so totals never exceed the projects' budgets.
    const own = reached.find((t) => t === link.areaCode) ?? reached.find((t) => t.length === 6);
    if (own) out.get(own)!.budgetBaht += share;
    else for (const t of reached) out.get(t)!.budgetBaht += share / reached.length;
  }
  return out;
}
