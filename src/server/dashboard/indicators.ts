/** The indicators shown on the dashboard: stored values of the area and fiscal quarter, with their series. */
import type { Queryable } from '../db/database.ts';
import type { DashboardIndicator } from '../../shared/dashboard-types.ts';

/** Indicator values of `areaCode` up to (fy, quarter); empty until indicators are computed. */
export async function indicatorsForDashboard(_db: Queryable, _province: string, _areaCode: string, _fy: number, _quarter: number): Promise<DashboardIndicator[]> {
  return [];
}
