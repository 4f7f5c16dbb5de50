/**
 * Incident and boundary tiles: reads the features of a tile as arrays (repository) and encodes
 * them as Mapbox Vector Tiles (mvt-encoder), one path for both databases (design brief, 3).
 */
import type { Database, Queryable } from '../db/database.ts';
import type { Viewer } from '../auth/viewer.ts';
import { visibilityKey } from '../incidents/visibility-sql.ts';
import { AppError } from '../errors.ts';
import type { IncidentFilters } from '../incidents/repository.ts';
import { parseIncidentFilters, type IncidentFilterQuery } from '../incidents/filters.ts';
import { bufferBox, deinterleave, mercatorToLonLat, tileBoundsMercator } from '../../shared/tile-math.ts';
import { MVT_EXTENT, MvtLayer, encodeTile } from './mvt-encoder.ts';
import { clipPolygons, parseWkb } from './tile-geometry.ts';
import { LruCache } from './lru-cache.ts';
import {
  deleteStaleTiles,
  queryBoundaryTile,
  queryIncidentCells,
  queryIncidentPoints,
  readBoundaryVersion,
  readCachedTile,
  readCategoryCodes,
  readIncidentChangeCounter,
  writeCachedTile,
} from './repository.ts';

/** From this zoom on, one point per incident; below it, grid cells with counts. */
export const POINT_MIN_ZOOM = 13;
/** Aggregation grid below POINT_MIN_ZOOM: 2^5 = 32 x 32 cells per tile, 16 px at 512 px tiles. */
export const CLUSTER_GRID_BITS = 5;
/**
 * Up to this zoom, an aggregated tile is counted as four queries on its quarters that run side by
 * side on the PostgreSQL pool (a low-zoom tile may cover a whole province or the country).
 * PGlite has one connection, so there it stays one query.
 */
export const SPLIT_MAX_ZOOM = 9;
/** Finer grid used at POINT_MIN_ZOOM and beyond when a tile has more than MAX_POINTS incidents. */
export const DENSE_GRID_BITS = 7;
/**
 * Most incidents drawn one by one in a tile. A point feature with its properties takes about
 * 63 bytes when every id and timestamp is a value of its own, so 7,000 points stay near 440 KB.
 */
export const MAX_POINTS = 7000;

function codeLookup(ids: number[], codes: string[]): Map<number, string> {
  const m = new Map<number, string>();
  for (let i = 0; i < ids.length; i++) m.set(ids[i], codes[i]);
  return m;
}

async function clusterTile(db: Queryable, viewer: Viewer, filters: IncidentFilters, z: number, x: number, y: number, gridBits: number): Promise<Uint8Array | null> {
  let rows;
  if (db.engine === 'postgres' && z <= SPLIT_MAX_ZOOM && gridBits >= 1) {
    // A cell lies in exactly one quarter of the tile: the four parts are disjoint and complete.
    const parts = [0, 1, 2, 3].map((i) => ({ z: z + 1, x: 2 * x + (i % 2), y: 2 * y + (i >> 1) }));
    const results = await Promise.all(parts.map((p) => queryIncidentCells(db, viewer, filters, z, x, y, gridBits, p)));
    rows = results[0];
    for (const r of results.slice(1)) {
      rows.cells.push(...r.cells);
      rows.counts.push(...r.counts);
      rows.sumX.push(...r.sumX);
      rows.sumY.push(...r.sumY);
      rows.topCategory.push(...r.topCategory);
    }
  } else {
    rows = await queryIncidentCells(db, viewer, filters, z, x, y, gridBits);
  }
  if (rows.cells.length === 0) return null;
  const codes = codeLookup(rows.categoryIds, rows.categoryCodes);
  const box = tileBoundsMercator(z, x, y);
  const k = MVT_EXTENT / (box.maxx - box.minx);
  const cellSize = MVT_EXTENT / 2 ** gridBits;
  const layer = new MvtLayer('incidents');
  for (let i = 0; i < rows.cells.length; i++) {
    const n = rows.counts[i];
    // The weighted centre stays inside its cell (rounding could push it one unit out).
    const { col, row } = deinterleave(rows.cells[i], gridBits);
    const px = Math.min((col + 1) * cellSize - 1, Math.max(col * cellSize, Math.round((rows.sumX[i] / n - box.minx) * k)));
    const py = Math.min((row + 1) * cellSize - 1, Math.max(row * cellSize, Math.round((box.maxy - rows.sumY[i] / n) * k)));
    layer.addPoint(px, py, { cluster: 1, count: n, top_category: codes.get(rows.topCategory[i]) });
  }
  return encodeTile([layer]);
}

/**
 * The incident tile z/x/y for a viewer and filters: grid cells below POINT_MIN_ZOOM, single
 * incidents from it on (or a fine grid when there are more than MAX_POINTS); null when empty.
 */
export async function buildIncidentTile(db: Queryable, viewer: Viewer, filters: IncidentFilters, z: number, x: number, y: number): Promise<Uint8Array | null> {
  if (z < POINT_MIN_ZOOM) return clusterTile(db, viewer, filters, z, x, y, CLUSTER_GRID_BITS);
  const rows = await queryIncidentPoints(db, viewer, filters, z, x, y, MVT_EXTENT, MAX_POINTS + 1);
  if (rows.ids.length === 0) return null;
  if (rows.ids.length > MAX_POINTS) return clusterTile(db, viewer, filters, z, x, y, Math.min(DENSE_GRID_BITS, 24 - z));
  const codes = codeLookup(rows.categoryIds, rows.categoryCodes);
  const layer = new MvtLayer('incidents');
  for (let i = 0; i < rows.ids.length; i++) {
    const id = rows.ids[i];
    layer.addPoint(
      rows.px[i],
      rows.py[i],
      {
        cluster: 0,
        id,
        category: codes.get(rows.categories[i]),
        severity: rows.severities[i],
        status: rows.statuses[i],
        occurred: new Date(rows.occurred[i] * 1000).toISOString(),
      },
      id,
    );
  }
  return encodeTile([layer]);
}

/** A stable text of the filters, for cache keys. */
function filterKey(f: IncidentFilters): string {
  const sorted = (xs?: Array<string | number>) => (xs ? xs.map(String).sort().join(',') : '');
  return [
    sorted(f.categoryIds),
    f.period ? `${f.period.start.toISOString()}/${f.period.end.toISOString()}` : '',
    f.area ?? '',
    sorted(f.statuses),
    sorted(f.sources),
    sorted(f.classifications),
    f.q ?? '',
  ].join('|');
}

/**
 * Incident tiles, with a cache of the aggregated ones (below POINT_MIN_ZOOM), which are the slow
 * ones (a tile over a whole province reads every incident in it) and the same for every user who
 * may see the same incidents (visibilityKey). A cached tile is used only while the change
 * counter of incidents (migration 004) has not moved and for at most `ttlMs`: the counter moves
 * just before a writer commits, so a tile built in between could miss that write; the time limit
 * bounds that, and equals what browsers may already keep (Cache-Control max-age=60).
 * One instance per app.
 */
export class IncidentTileService {
  private readonly memory: LruCache;
  private readonly stamps = new Map<string, { counter: number; at: number }>();
  private readonly building = new Map<string, Promise<Uint8Array>>();
  private categories: { at: number; list: Array<{ id: number; code: string }> } | null = null;

  constructor(
    private readonly db: Queryable,
    private readonly opts: { cacheBytes?: number; ttlMs?: number } = {},
  ) {
    this.memory = new LruCache(opts.cacheBytes ?? 16 * 1024 * 1024);
  }

  /**
   * Checks the filter query with the incident list's own parser (so tiles filter exactly like the
   * list). The category codes are kept for ten seconds, and read again at once when a code is
   * not among them (a category just created).
   */
  async parseFilters(q: IncidentFilterQuery): Promise<IncidentFilters> {
    // Text search belongs to the list only.
    const query = { ...q, q: undefined };
    const now = Date.now();
    if (!this.categories || now - this.categories.at > 10_000) this.categories = { at: now, list: await readCategoryCodes(this.db) };
    try {
      return parseIncidentFilters(query, this.categories.list);
    } catch (err) {
      if (!(err instanceof AppError) || err.details[0]?.field !== 'category' || this.categories.at === now) throw err;
      this.categories = { at: now, list: await readCategoryCodes(this.db) };
      return parseIncidentFilters(query, this.categories.list);
    }
  }

  /** The encoded tile, or null when empty. */
  async tile(viewer: Viewer, filters: IncidentFilters, z: number, x: number, y: number): Promise<Uint8Array | null> {
    if (z >= POINT_MIN_ZOOM || this.opts.cacheBytes === 0) return buildIncidentTile(this.db, viewer, filters, z, x, y);
    const counter = await readIncidentChangeCounter(this.db);
    const key = `${z}/${x}/${y}|${visibilityKey(viewer)}|${filterKey(filters)}`;
    const now = Date.now();
    const stamp = this.stamps.get(key);
    const hit = this.memory.get(key);
    if (hit && stamp && stamp.counter === counter && now - stamp.at < (this.opts.ttlMs ?? 60_000)) {
      return hit.byteLength ? hit : null;
    }
    const buildKey = `${counter}#${key}`;
    let pending = this.building.get(buildKey);
    if (!pending) {
      pending = buildIncidentTile(this.db, viewer, filters, z, x, y)
        .then((data) => data ?? new Uint8Array(0))
        .finally(() => this.building.delete(buildKey));
      this.building.set(buildKey, pending);
    }
    const data = await pending;
    this.memory.set(key, data);
    this.stamps.set(key, { counter, at: now });
    if (this.stamps.size > 4 * this.memory.size + 1000) {
      for (const k of this.stamps.keys()) if (!this.memory.has(k)) this.stamps.delete(k);
    }
    return data.byteLength ? data : null;
  }
}

/* ------------------------------------------------------------ boundaries */

/** One layer of a boundary tile set: an area level and the zoom it starts at. */
export interface BoundaryLayer {
  level: number;
  name: string;
  minZoom: number;
}

/**
 * The two boundary tile sets. `boundaries` is the main map's: districts from z7 and sub-districts
 * from z9, the zooms its layers draw them at, so a phone at province zoom fetches small tiles.
 * `subdistricts` is the analysis and target maps': districts and sub-districts from z6, so a whole
 * large province (Chiang Mai spans three degrees of latitude) can be coloured. The simplification
 * tolerance is in tile units, so it coarsens with every zoom out; measured on the real 7,425
 * sub-districts, the largest `subdistricts` tile is 233 KB at z6, 158 KB at z7 and 96 KB at z8,
 * under the 500 KB of the design brief (z5 would reach about 280 KB and no map needs it), against
 * 5 KB, 27 KB and 16 KB for the same tiles of the main map's set.
 */
export const BOUNDARY_SETS = {
  boundaries: [
    { level: 1, name: 'province', minZoom: 0 },
    { level: 2, name: 'district', minZoom: 7 },
    { level: 3, name: 'subdistrict', minZoom: 9 },
    { level: 4, name: 'village', minZoom: 12 },
  ],
  subdistricts: [
    { level: 1, name: 'province', minZoom: 0 },
    { level: 2, name: 'district', minZoom: 6 },
    { level: 3, name: 'subdistrict', minZoom: 6 },
    { level: 4, name: 'village', minZoom: 12 },
  ],
} as const satisfies Record<string, readonly BoundaryLayer[]>;
export type BoundarySet = keyof typeof BOUNDARY_SETS;

/** Polygons are kept this many tile units beyond the tile edge, so lines join without seams. */
export const BOUNDARY_BUFFER = 64;
/** Simplification in tile units: half a pixel of a 512 px tile. */
export const BOUNDARY_TOLERANCE = 4;

/** Encodes the boundary tile z/x/y of a set from the area table; null when no area touches it. */
export async function buildBoundaryTile(db: Queryable, z: number, x: number, y: number, set: BoundarySet = 'boundaries'): Promise<Uint8Array | null> {
  const box = bufferBox(tileBoundsMercator(z, x, y), BOUNDARY_BUFFER, MVT_EXTENT);
  const [minLon, minLat] = mercatorToLonLat(box.minx, box.miny);
  const [maxLon, maxLat] = mercatorToLonLat(box.maxx, box.maxy);
  const layers: BoundaryLayer[] = BOUNDARY_SETS[set].filter((l) => z >= l.minZoom);
  const rows = await queryBoundaryTile(db, z, x, y, layers.map((l) => l.level), MVT_EXTENT, BOUNDARY_TOLERANCE, [minLon, minLat, maxLon, maxLat]);
  const out: MvtLayer[] = [];
  for (const def of layers) {
    const r = rows.find((row) => row.level === def.level);
    if (!r) continue;
    const layer = new MvtLayer(def.name);
    for (let i = 0; i < r.codes.length; i++) {
      const props = { code: r.codes[i], name_th: r.namesTh[i], name_en: r.namesEn[i], level: def.level };
      const g = parseWkb(r.geoms[i]);
      if (def.level === 4) {
        // A village belongs to the one tile its point is in (no copies in neighbours' buffers).
        if (g.points.length < 2) continue;
        const [px, py] = [Math.round(g.points[0]), Math.round(g.points[1])];
        if (px >= 0 && px < MVT_EXTENT && py >= 0 && py < MVT_EXTENT) layer.addPoint(px, py, props, Number(r.codes[i]));
        continue;
      }
      const polygons = clipPolygons(g.polygons, -BOUNDARY_BUFFER, MVT_EXTENT + BOUNDARY_BUFFER);
      if (polygons.length) layer.addPolygons(polygons, props, Number(r.codes[i]));
    }
    out.push(layer);
  }
  return encodeTile(out);
}

/**
 * Boundary tiles, built once per boundary version: kept in the tile_cache table (shared by every
 * server on the database) and in a small in-memory LRU. One instance per app.
 */
export class BoundaryTileService {
  private readonly memory: LruCache;
  private readonly building = new Map<string, Promise<Uint8Array>>();
  private version = 0;

  constructor(
    private readonly db: Database,
    private readonly set: BoundarySet = 'boundaries',
    memoryBytes = 32 * 1024 * 1024,
  ) {
    this.memory = new LruCache(memoryBytes);
  }

  /** The tile and the version it belongs to; empty bytes for an empty tile. */
  async tile(z: number, x: number, y: number): Promise<{ version: number; data: Uint8Array }> {
    const version = await readBoundaryVersion(this.db);
    if (version !== this.version) {
      this.memory.clear();
      // Every set's old tiles go, not only this one's: a set no one asks for any more must not keep them.
      for (const set of Object.keys(BOUNDARY_SETS)) await deleteStaleTiles(this.db, set, version);
      this.version = version;
    }
    const key = `${version}/${z}/${x}/${y}`;
    const hit = this.memory.get(key);
    if (hit) return { version, data: hit };
    let pending = this.building.get(key);
    if (!pending) {
      pending = this.load(version, z, x, y).finally(() => this.building.delete(key));
      this.building.set(key, pending);
    }
    const data = await pending;
    this.memory.set(key, data);
    return { version, data };
  }

  private async load(version: number, z: number, x: number, y: number): Promise<Uint8Array> {
    const cached = await readCachedTile(this.db, this.set, version, z, x, y);
    if (cached) return cached;
    const data = (await buildBoundaryTile(this.db, z, x, y, this.set)) ?? new Uint8Array(0);
    await writeCachedTile(this.db, this.set, version, z, x, y, data);
    return data;
  }
}
