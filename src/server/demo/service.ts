/**
 * Loads the synthetic demo province ("Demo province - synthetic data", DOPA code 98) with its
 * districts, sub-districts, villages and four fiscal years of incidents. Reloading replaces the
 * previous demo and leaves real data alone. Everything happens in one transaction.
 */
import type { Database } from '../db/database.ts';
import { insertAudit } from '../audit/repository.ts';
import { conflict } from '../errors.ts';
import type { Viewer } from '../auth/viewer.ts';
import { fiscalYearOf } from '../../shared/fiscal.ts';
import { generateProvince, DEMO_PROVINCE_CODE, type DemoProvince } from './geography.ts';
import { deleteDemoAgencies, realGroupsOnDemoAreas, seedDemoAgencies } from './agencies.ts';
import { deleteDemoTargetLists, seedDemoTargetLists } from './targets.ts';
import { deleteDemoProjects, realProjectsOnDemoAreas, seedDemoProjects } from './projects.ts';
import { deleteDemoFeedback, seedDemoFeedback } from './feedback.ts';
import { computeIndicators, ensureBuiltins } from '../indicators/service.ts';
import { DEMO_CATEGORY_CODES, INCIDENT_COPY_COLUMNS, generateIncidents, incidentCsvLine } from './incidents.ts';
import type { Ring } from '../../shared/planar.ts';
import * as repo from './repository.ts';
import { bumpBoundaryVersion } from '../tiles/repository.ts';

export interface DemoOptions {
  /** Number of incidents over four fiscal years (default about 20,000). */
  incidents?: number;
  seed?: number;
  log?: (line: string) => void;
  /** Who asked for it (audit); the command line and the first start pass nothing. */
  actor?: Viewer | null;
  /** The moment of the load (tests pin it); incidents end the day before. */
  now?: Date;
  /**
   * Whether to declare the demo's target lists for this and the previous fiscal year (default
   * true). Tests of drafting a first list start from a province that has none.
   */
  targetLists?: boolean;
}

export const DEFAULT_DEMO_INCIDENTS = 20_000;
export const DEFAULT_DEMO_SEED = 2567;
/** Rows per COPY: large enough to be fast, small enough to keep memory flat at a million rows. */
const CHUNK_ROWS = 50_000;

const closed = (r: Ring) => [...r, r[0]];
const multiPolygon = (polys: Ring[][]) => JSON.stringify({ type: 'MultiPolygon', coordinates: polys.map((p) => p.map(closed)) });

function areaRows(p: DemoProvince): repo.AreaInsert[][] {
  const province: repo.AreaInsert = {
    code: p.code,
    level: 1,
    parentCode: null,
    nameTh: p.name.th,
    nameEn: p.name.en,
    population: p.population,
    geojson: multiPolygon(p.polygons),
  };
  const districts = p.districts.map((d): repo.AreaInsert => ({
    code: d.code,
    level: 2,
    parentCode: p.code,
    nameTh: d.name.th,
    nameEn: d.name.en,
    population: d.population,
    geojson: multiPolygon(d.polygons),
  }));
  const subs = p.subdistricts.map((s): repo.AreaInsert => ({
    code: s.code,
    level: 3,
    parentCode: s.code.slice(0, 4),
    nameTh: s.name.th,
    nameEn: s.name.en,
    population: s.population,
    geojson: multiPolygon([[s.ring]]),
  }));
  const villages = p.villages.map((v): repo.AreaInsert => ({
    code: v.code,
    level: 4,
    parentCode: v.code.slice(0, 6),
    nameTh: v.name.th,
    nameEn: v.name.en,
    population: v.population,
    geojson: JSON.stringify({ type: 'Point', coordinates: v.at }),
  }));
  return [[province], districts, subs, villages];
}

/** Loads the synthetic demo province; replaces an earlier demo load. */
export async function loadDemo(db: Database, opts: DemoOptions = {}): Promise<{ areas: number; incidents: number }> {
  const count = opts.incidents ?? DEFAULT_DEMO_INCIDENTS;
  const seed = opts.seed ?? DEFAULT_DEMO_SEED;
  const log = opts.log ?? (() => undefined);
  const now = opts.now ?? new Date();
  if (!Number.isInteger(count) || count < 0) throw new RangeError(`incidents must be a whole number >= 0, got ${count}`);
  const started = Date.now();

  const province = generateProvince(seed);
  const levels = areaRows(province);
  const areaCount = levels.reduce((s, l) => s + l.length, 0);
  const fy = fiscalYearOf(now);
  const fiscalYears = [fy - 3, fy - 2, fy - 1, fy];
  log(`demo: generated ${province.districts.length} districts, ${province.subdistricts.length} sub-districts, ${province.villages.length} villages (seed ${seed}) in ${((Date.now() - started) / 1000).toFixed(1)} s`);

  const result = await db.transaction(async (tx) => {
    await repo.lockDemoLoad(tx);
    if ((await repo.countRealAreasWithPrefix(tx, DEMO_PROVINCE_CODE)) > 0) {
      throw conflict(`province code ${DEMO_PROVINCE_CODE} is used by real (non-demo) areas; the demo province needs it, so it was not loaded`);
    }
    const lists = await repo.targetListsOnDemoAreas(tx);
    if (lists.length) {
      throw conflict(
        `the demo areas are used by target list(s) ${lists.map((l) => `${l.id} (${l.status})`).join(', ')}; ` +
          'a target list keeps its areas, so the demo was not reloaded',
      );
    }
    const realProjects = await realProjectsOnDemoAreas(tx);
    if (realProjects.length) {
      throw conflict(
        `project(s) ${realProjects.slice(0, 10).map((p) => p.id).join(', ')}${realProjects.length > 10 ? ' and more' : ''} are not demo data but name demo areas; ` +
          'move them to real areas before the demo is reloaded',
      );
    }
    const groups = await realGroupsOnDemoAreas(tx);
    if (groups.length) {
      throw conflict(
        `working group(s) ${groups.map((g) => `${g.id} (${g.name_th})`).join(', ')} cover demo areas; move them to real areas before the demo is reloaded`,
      );
    }
    const scopes = await repo.demoUserScopes(tx);
    // The demo's own data that points at demo areas goes first: its target lists, then its agencies.
    await deleteDemoFeedback(tx, DEMO_PROVINCE_CODE);
    await deleteDemoProjects(tx);
    await deleteDemoTargetLists(tx);
    await deleteDemoAgencies(tx);
    const removed = await repo.deleteDemo(tx);
    if (removed.areas) log(`demo: removed the previous demo (${removed.areas} areas, ${removed.incidents} incidents)`);
    for (const level of levels) await repo.insertDemoAreas(tx, level);
    await repo.restoreUserScopes(tx, scopes);

    const ids = await repo.categoryIdsByCode(tx);
    const missing = DEMO_CATEGORY_CODES.filter((c) => !ids.has(c));
    if (missing.length) throw conflict(`the demo needs the categories ${missing.join(', ')}, which are missing`);

    // A large load into a (nearly) empty table: rebuild the plain indexes once at the end.
    const rebuild = count >= 100_000 && (await repo.countIncidents(tx)) < count / 4 ? await repo.plainIncidentIndexes(tx) : [];
    await repo.dropIndexes(tx, rebuild.map((i) => i.name));

    const t0 = Date.now();
    let lines: string[] = [];
    let loaded = 0;
    // One chunk is copied while the next is generated (the database works while JS does).
    let pending: Promise<void> | null = null;
    const flush = async () => {
      const csv = lines.join('');
      const n = lines.length;
      lines = [];
      if (pending) await pending;
      pending = repo.copyIncidents(tx, INCIDENT_COPY_COLUMNS, csv).then(() => {
        loaded += n;
        const s = (Date.now() - t0) / 1000;
        log(`demo: ${loaded.toLocaleString('en')} / ${count.toLocaleString('en')} incidents (${Math.round(loaded / Math.max(s, 0.001)).toLocaleString('en')} rows/s)`);
      });
      pending.catch(() => undefined); // awaited below; this only stops an early "unhandled" report
    };
    for (const inc of generateIncidents(province, { count, seed, now, fiscalYears })) {
      lines.push(incidentCsvLine(inc, province, ids.get(inc.category)!));
      if (lines.length === CHUNK_ROWS) await flush();
    }
    if (lines.length) await flush();
    if (pending) await pending;
    if (rebuild.length) {
      const t1 = Date.now();
      await repo.createIndexes(tx, rebuild.map((i) => i.definition));
      log(`demo: rebuilt ${rebuild.length} incident indexes in ${((Date.now() - t1) / 1000).toFixed(1)} s`);
    }

    const made = await seedDemoAgencies(tx, DEMO_PROVINCE_CODE, province.subdistricts.map((x) => x.code));
    const declared = opts.targetLists === false ? 0 : await seedDemoTargetLists(tx, DEMO_PROVINCE_CODE, [fy - 1, fy], now);
    const projects = await seedDemoProjects(tx, { provinceCode: DEMO_PROVINCE_CODE, now, seed });
    log(`demo: ${made.agencies} agencies, ${made.groups} working groups, ${declared} declared target lists, ${projects.projects} projects with ${projects.reports} progress reports`);
    await seedDemoFeedback(tx, { provinceCode: DEMO_PROVINCE_CODE, now, seed, log });

    await bumpBoundaryVersion(tx);
    await insertAudit(tx, {
      userId: opts.actor?.userId ?? null,
      username: opts.actor?.username ?? 'system',
      action: 'demo_load',
      entity: 'demo',
      entityId: DEMO_PROVINCE_CODE,
      details: {
        seed,
        areas: areaCount,
        incidents: loaded,
        fiscalYears,
        agencies: made.agencies,
        targetLists: declared,
        projects: projects.projects,
        replaced: removed,
        seconds: Math.round((Date.now() - started) / 100) / 10,
      },
    });
    return { areas: areaCount, incidents: loaded };
  });
  await repo.analyzeAfterLoad(db);
  // The indicators of this fiscal year and the last, so the dashboard has values from the start.
  const system: Viewer = opts.actor ?? {
    userId: 0, username: 'system', displayName: 'system', role: 'admin', agencyId: null, agency: null, areaCodes: [], mustChangePassword: false,
  };
  if (!opts.actor) await ensureBuiltins(db, null, DEMO_PROVINCE_CODE);
  const computed = await computeIndicators(db, system, { province: DEMO_PROVINCE_CODE, fiscalYears: [fy - 1, fy] }, now);
  log(`demo: ${computed.values.toLocaleString('en')} indicator values computed in ${(computed.durationMs / 1000).toFixed(1)} s`);
  log(`demo: done in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return result;
}
