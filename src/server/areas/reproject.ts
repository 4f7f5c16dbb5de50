/**
 * Coordinate systems of imported boundaries: Thai data often comes in UTM zone 47N/48N (on WGS 84
 * or on the Indian 1975 datum) rather than longitude/latitude. proj4 turns them into WGS 84.
 */
import proj4 from 'proj4';

export type Transform = (p: [number, number]) => [number, number];

export interface CrsInfo {
  /** null when the data is already WGS 84 longitude/latitude. */
  transform: Transform | null;
  /** A human name for the report, e.g. "WGS_1984_UTM_Zone_47N". */
  label: string;
}

/**
 * "Indian 1975 to WGS 84 (4)", the EPSG transformation for onshore Thailand (3 m), the one PROJ
 * picks. ESRI .prj files omit it, and without it proj4 leaves positions about 400 m off.
 */
const INDIAN_1975_TOWGS84_PARAMS = '293,836,318,0.5,1.6,-2.8,2.1';
const INDIAN_1975_TOWGS84 = `TOWGS84[${INDIAN_1975_TOWGS84_PARAMS}]`;

const KNOWN_EPSG: Record<string, string> = {
  '4326': '+proj=longlat +datum=WGS84 +no_defs',
  '4240': `+proj=longlat +a=6377276.345 +rf=300.8017 +towgs84=${INDIAN_1975_TOWGS84_PARAMS} +no_defs`,
  '32647': '+proj=utm +zone=47 +datum=WGS84 +units=m +no_defs',
  '32648': '+proj=utm +zone=48 +datum=WGS84 +units=m +no_defs',
  '24047': `+proj=utm +zone=47 +a=6377276.345 +rf=300.8017 +towgs84=${INDIAN_1975_TOWGS84_PARAMS} +units=m +no_defs`,
  '24048': `+proj=utm +zone=48 +a=6377276.345 +rf=300.8017 +towgs84=${INDIAN_1975_TOWGS84_PARAMS} +units=m +no_defs`,
  '3857': '+proj=merc +a=6378137 +b=6378137 +lat_ts=0 +lon_0=0 +x_0=0 +y_0=0 +k=1 +units=m +nadgrids=@null +no_defs',
};

const round7 = (v: number) => Math.round(v * 1e7) / 1e7;

function makeTransform(def: string): Transform {
  const conv = proj4(def, 'WGS84');
  // Rounding to 1e-7 degree (1 cm) keeps the stored GeoJSON small; it runs before the geometry
  // check, so any vertex it merges is seen there.
  return (p) => {
    const [x, y] = conv.forward([p[0], p[1]]);
    return [round7(x), round7(y)];
  };
}

/** The name a WKT gives its system (the first quoted string). */
function wktName(wkt: string): string {
  const m = /^\s*[A-Z_]+\s*\[\s*"([^"]*)"/i.exec(wkt);
  return m ? m[1] : 'unnamed coordinate system';
}

/**
 * Reads a .prj (WKT). Throws an Error with the reason when proj4 cannot use it.
 */
export function crsFromWkt(wkt: string): CrsInfo {
  const text = wkt.trim();
  const label = wktName(text);
  const projected = /^\s*PROJCS|^\s*PROJCRS/i.test(text);
  const wgs84 = /WGS[_ ]?(19)?84/i.test(text);
  if (!projected && wgs84 && /^\s*GEOG(CS|CRS)/i.test(text)) return { transform: null, label };
  let def = text;
  if (/indian[_ ]?1975/i.test(def) && !/TOWGS84/i.test(def)) {
    def = def.replace(/(DATUM\s*\[[^[\]]*,\s*SPHEROID\s*\[[^\]]*\])/i, `$1,${INDIAN_1975_TOWGS84}`);
  }
  try {
    const t = makeTransform(def);
    const probe = t(projected ? [500000, 1500000] : [100, 15]);
    if (!Number.isFinite(probe[0]) || !Number.isFinite(probe[1])) throw new Error('it gives no usable coordinates');
    return { transform: t, label };
  } catch (e) {
    throw new Error(`cannot use the coordinate system "${label}": ${(e as Error)?.message || 'proj4 does not understand this WKT'}`);
  }
}

/**
 * Reads the legacy GeoJSON `crs` member (GeoJSON 2008), e.g. "urn:ogc:def:crs:EPSG::32647".
 * Only the systems used for Thai data are known; others are refused.
 */
export function crsFromGeojsonName(name: string): CrsInfo {
  if (/CRS84$/i.test(name)) return { transform: null, label: 'WGS 84 (CRS84)' };
  const m = /EPSG:{1,2}(\d+)$/i.exec(name.trim());
  if (!m) throw new Error(`unknown coordinate system "${name}" in the GeoJSON crs member`);
  if (m[1] === '4326') return { transform: null, label: 'EPSG:4326' };
  const def = KNOWN_EPSG[m[1]];
  if (!def) {
    throw new Error(`coordinate system EPSG:${m[1]} is not supported: convert the file to WGS 84 (EPSG:4326), or use EPSG:32647/32648/24047/24048`);
  }
  return { transform: makeTransform(def), label: `EPSG:${m[1]}` };
}

/** Applies `t` to every position of a GeoJSON geometry (a new object; the input is unchanged). */
export function reprojectGeometry<G>(geometry: G, t: Transform): G {
  const walk = (c: unknown): unknown => {
    if (!Array.isArray(c)) return c;
    if (c.length >= 2 && typeof c[0] === 'number' && typeof c[1] === 'number') return t([c[0], c[1]]);
    return c.map(walk);
  };
  if (!geometry || typeof geometry !== 'object') return geometry;
  const g = geometry as { type?: string; coordinates?: unknown };
  return { ...g, coordinates: walk(g.coordinates) } as G;
}
