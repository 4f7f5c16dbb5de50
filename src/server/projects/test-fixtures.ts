/**
 * Set-up shared by the project integration tests: an app on the real areas of Surin (32) and
 * Narathiwat (96) plus one village, three agencies written straight into the registry, signed-in
 * users of every role, and requests as them.
 */
import type { ProjectInput } from '../../shared/project-types.ts';
import { fiscalYearOf } from '../../shared/fiscal.ts';
import { startTestApp, type TestApp } from '../testing/test-app.ts';
import { loadRealAreas } from '../testing/fixtures.ts';

/** A village (level 4) of sub-district 320101. */
export const VILLAGE = '32010101';
/** The fiscal year now, and the one before it (all of whose quarters have ended). */
export const FY_NOW = fiscalYearOf(new Date());
export const FY_PAST = FY_NOW - 1;

export interface ProjectsTestApp {
  t: TestApp;
  /** Agency ids: police and irrigation of Surin, and an inactive one. */
  police: number;
  irrigation: number;
  inactive: number;
  admin: string;
  analyst: string;
  viewer: string;
  /** An agency officer of the police. */
  policeOfficer: string;
  /** An agency officer of irrigation. */
  irrigationOfficer: string;
  /** An agency officer whose account names no agency. */
  noAgencyOfficer: string;
  /** An area officer of the police limited to district 3201 (เมืองสุรินทร์). */
  areaOfficer: string;
}

/** Inserts an agency directly (the agency module is tested on its own); returns its id. */
export async function insertAgency(t: TestApp, code: string, nameTh: string, active = true): Promise<number> {
  const r = await t.db.query<{ id: number }>(
    `INSERT INTO agency (code, name_th, type, province_code, active) VALUES ($1, $2, 'line_agency', '32', $3) RETURNING id`,
    [code, nameTh, active],
  );
  return Number(r.rows[0].id);
}

/** Starts the app with Surin, Narathiwat, {@link VILLAGE}, three agencies and the users. */
export async function startProjectsTestApp(): Promise<ProjectsTestApp> {
  const t = await startTestApp();
  await loadRealAreas(t.db, ['32', '96']);
  await t.db.query(
    `INSERT INTO area (code, level, parent_code, province_code, name_th, name_en, geom, label_point)
     SELECT $1, 4, '320101', '32', 'บ้านทดสอบ', 'Ban Thotsop', p, p FROM (SELECT ST_PointOnSurface(geom) p FROM area WHERE code = '320101') s`,
    [VILLAGE],
  );
  const police = await insertAgency(t, 'police-32', 'ตำรวจภูธรจังหวัดสุรินทร์');
  const irrigation = await insertAgency(t, 'rid-8', 'สำนักงานชลประทานที่ 8');
  const inactive = await insertAgency(t, 'old-office', 'สำนักงานที่ยุบแล้ว', false);
  return {
    t, police, irrigation, inactive,
    admin: await t.userCookie('admin'),
    analyst: await t.userCookie('analyst'),
    viewer: await t.userCookie('viewer'),
    policeOfficer: await t.userCookie('agency_officer', { agencyId: police }),
    irrigationOfficer: await t.userCookie('agency_officer', { agencyId: irrigation }),
    noAgencyOfficer: await t.userCookie('agency_officer'),
    areaOfficer: await t.userCookie('area_officer', { areaCodes: ['3201'], agencyId: police }),
  };
}

/** A request to the app as the user of `cookie`, with an optional JSON body. */
export function requestAs(t: TestApp, method: string, url: string, cookie: string, payload?: unknown) {
  return t.app.inject({ method: method as 'GET', url, headers: { cookie }, payload: payload as Record<string, unknown> | undefined });
}

/** A complete, valid project of `agencyId` in two sub-districts and a village of Surin. */
export function projectInput(agencyId: number, over: Partial<ProjectInput> = {}): ProjectInput {
  return {
    agencyId,
    fiscalYear: FY_PAST,
    title: 'โครงการสร้างฝายชะลอน้ำ ตำบลในเมือง',
    objectives: 'เพิ่มแหล่งน้ำเพื่อการเกษตรในฤดูแล้ง',
    budgetBaht: 250000,
    budgetSource: 'provincial',
    categories: ['drought'],
    areaCodes: ['320101', VILLAGE, '320102'],
    status: 'in_progress',
    responsibleName: 'นายสมชาย ใจดี',
    responsiblePhone: '081-234-5678',
    plannedOutputs: [{ name: 'ฝายชะลอน้ำ', unit: 'แห่ง', target: 12 }, { name: 'ผู้เข้าอบรม', unit: 'คน', target: 60 }],
    ...over,
  };
}
