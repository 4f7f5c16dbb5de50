/** The indicators shown on the dashboard: stored values of the area and fiscal quarter, with their series. */
import type { Queryable } from '../db/database.ts';
import type { Viewer } from '../auth/viewer.ts';
import type { DashboardIndicator } from '../../shared/dashboard-types.ts';
import { statusRule, type IndicatorDirection, type IndicatorUnit } from '../../shared/indicator-definition.ts';
import { listIndicators, listValues } from '../indicators/repository.ts';
import { valueAudience, valueScope } from '../indicators/service.ts';

/**
 * The province's active, reported indicators with their stored values for `areaCode` (the
 * province, a district or a sub-district) from Q1 of the previous fiscal year up to (fy, quarter),
 * as the viewer may see them. Values exist once indicators were computed (POST
 * /api/indicators/compute); until then each card says there is no value.
 */
export async function indicatorsForDashboard(db: Queryable, viewer: Viewer, province: string, areaCode: string, fy: number, quarter: number): Promise<DashboardIndicator[]> {
  const indicators = (await listIndicators(db, province)).filter((i) => i.active && i.reported);
  if (!indicators.length) return [];
  const rows = await listValues(
    db,
    { indicatorIds: indicators.map((i) => i.id), area: areaCode, level: areaCode.length / 2, limit: 100_000 },
    valueAudience(viewer),
    valueScope(viewer),
  );
  const upTo = fy * 10 + quarter;
  const byIndicator = new Map<number, typeof rows>();
  for (const r of rows) {
    if (r.area_code !== areaCode || r.quarter === 0 || r.fiscal_year < fy - 1 || r.fiscal_year * 10 + r.quarter > upTo) continue;
    const list = byIndicator.get(r.indicator_id);
    if (list) list.push(r);
    else byIndicator.set(r.indicator_id, [r]);
  }
  return indicators.map((i): DashboardIndicator => {
    const series = (byIndicator.get(i.id) ?? []).sort((a, b) => a.fiscal_year - b.fiscal_year || a.quarter - b.quarter);
    const now = series.find((r) => r.fiscal_year === fy && r.quarter === quarter);
    const rule = now ? statusRule(now.target, i.direction as IndicatorDirection, Number(now.margin), i.unit as IndicatorUnit) : null;
    return {
      id: i.id,
      code: i.code,
      nameTh: i.name_th,
      nameEn: i.name_en,
      unit: i.unit,
      direction: i.direction,
      target: now?.target ?? null,
      value: now?.value ?? null,
      status: (now?.status ?? 'no_data') as DashboardIndicator['status'],
      reason: now ? now.reason : 'ยังไม่ได้คำนวณตัวชี้วัดของไตรมาสนี้',
      ruleTh: rule?.th ?? null,
      ruleEn: rule?.en ?? null,
      series: series.map((r) => ({ fiscalYear: r.fiscal_year, quarter: r.quarter, value: r.value })),
    };
  });
}
