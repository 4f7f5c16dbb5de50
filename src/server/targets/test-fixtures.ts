/**
 * Set-up shared by the target list integration tests: an app on the real areas of Surin (32)
 * plus one village, signed-in users of the three roles the workflow needs, and requests as them.
 */
import { startTestApp, type TestApp } from '../testing/test-app.ts';
import { loadRealAreas } from '../testing/fixtures.ts';

/** A village (level 4) of sub-district 320101, named บ้านทดสอบ / Ban Thotsop. */
export const VILLAGE = '32010101';

export interface TargetsTestApp {
  t: TestApp;
  /** Cookie header values of an administrator, an analyst and a viewer. */
  admin: string;
  analyst: string;
  viewer: string;
}

/** Starts the app on Surin with {@link VILLAGE} and signs in an administrator, an analyst and a viewer. */
export async function startTargetsTestApp(): Promise<TargetsTestApp> {
  const t = await startTestApp();
  await loadRealAreas(t.db, ['32']);
  // The boundary files hold no villages: one village point inside sub-district 320101.
  await t.db.query(
    `INSERT INTO area (code, level, parent_code, province_code, name_th, name_en, geom, label_point)
     SELECT $1, 4, '320101', '32', 'บ้านทดสอบ', 'Ban Thotsop', p, p FROM (SELECT ST_PointOnSurface(geom) p FROM area WHERE code = '320101') s`,
    [VILLAGE],
  );
  return { t, admin: await t.userCookie('admin'), analyst: await t.userCookie('analyst'), viewer: await t.userCookie('viewer') };
}

/** A request to the app as the user of `cookie`, with an optional JSON body. */
export function requestAs(t: TestApp, method: string, url: string, cookie: string, payload?: unknown) {
  return t.app.inject({ method: method as 'GET', url, headers: { cookie }, payload: payload as Record<string, unknown> | undefined });
}
