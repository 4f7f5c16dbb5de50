/**
 * Web Mercator (EPSG:3857) tile maths for the XYZ scheme: tile 0/0/0 covers the world, x grows
 * east, y grows south. Pure functions, shared by the server (tile queries) and the web app.
 */

/** Half the width of the Web Mercator square, in metres (pi * 6378137). */
export const MERCATOR_HALF = 20037508.342789244;
/** Latitude where the Web Mercator square ends. */
export const MAX_LATITUDE = 85.0511287798066;
/** Deepest zoom COMAP serves tiles for. */
export const MAX_ZOOM = 22;

/** A box in Web Mercator metres. */
export interface MercatorBox {
  minx: number;
  miny: number;
  maxx: number;
  maxy: number;
}

/** Whether z/x/y names a tile that exists (integers, 0 <= x, y < 2^z, z <= MAX_ZOOM). */
export function isValidTile(z: number, x: number, y: number): boolean {
  if (!Number.isInteger(z) || !Number.isInteger(x) || !Number.isInteger(y)) return false;
  if (z < 0 || z > MAX_ZOOM) return false;
  const n = 2 ** z;
  return x >= 0 && y >= 0 && x < n && y < n;
}

/** Width of a tile at zoom z, in metres. */
export function tileSizeMercator(z: number): number {
  return (2 * MERCATOR_HALF) / 2 ** z;
}

/** The tile's square in Web Mercator metres. */
export function tileBoundsMercator(z: number, x: number, y: number): MercatorBox {
  const size = tileSizeMercator(z);
  const minx = -MERCATOR_HALF + x * size;
  const maxy = MERCATOR_HALF - y * size;
  return { minx, miny: maxy - size, maxx: minx + size, maxy };
}

/** Longitude and latitude of a Web Mercator position. */
export function mercatorToLonLat(mx: number, my: number): [number, number] {
  const lon = (mx / MERCATOR_HALF) * 180;
  const lat = (Math.atan(Math.exp((my / MERCATOR_HALF) * Math.PI)) * 360) / Math.PI - 90;
  return [lon, lat];
}

/** Web Mercator position of a longitude and latitude (latitude clamped to the square). */
export function lonLatToMercator(lon: number, lat: number): [number, number] {
  const clamped = Math.max(-MAX_LATITUDE, Math.min(MAX_LATITUDE, lat));
  const mx = (lon * MERCATOR_HALF) / 180;
  const my = (Math.log(Math.tan(((90 + clamped) * Math.PI) / 360)) / Math.PI) * MERCATOR_HALF;
  return [mx, my];
}

/**
 * The tile's box in longitude and latitude, [minLon, minLat, maxLon, maxLat]. Exact: a point is
 * inside this box exactly when its Web Mercator position is inside the tile, so a query on a
 * 4326 index selects the same rows as one on the 3857 coordinates.
 */
export function tileBoundsLonLat(z: number, x: number, y: number): [number, number, number, number] {
  const b = tileBoundsMercator(z, x, y);
  const [minLon, minLat] = mercatorToLonLat(b.minx, b.miny);
  const [maxLon, maxLat] = mercatorToLonLat(b.maxx, b.maxy);
  return [minLon, minLat, maxLon, maxLat];
}

/** The tile at zoom z that contains a longitude and latitude. */
export function lonLatToTile(lon: number, lat: number, z: number): { x: number; y: number } {
  const [mx, my] = lonLatToMercator(lon, lat);
  const size = tileSizeMercator(z);
  const n = 2 ** z;
  const x = Math.min(n - 1, Math.max(0, Math.floor((mx + MERCATOR_HALF) / size)));
  const y = Math.min(n - 1, Math.max(0, Math.floor((MERCATOR_HALF - my) / size)));
  return { x, y };
}

/** The same box grown by `units` of a tile of `extent` units on each side (the clip buffer). */
export function bufferBox(box: MercatorBox, units: number, extent: number): MercatorBox {
  const d = ((box.maxx - box.minx) * units) / extent;
  return { minx: box.minx - d, miny: box.miny - d, maxx: box.maxx + d, maxy: box.maxy + d };
}

/** Bits per axis of the incident tile key (migration 004): a 2^24 grid, about 2.4 m. */
export const TILE_KEY_BITS = 24;

/** Interleaves the low `bits` bits of col (even bits) and row (odd bits) into one number. */
export function interleave(col: number, row: number, bits: number): number {
  let k = 0;
  for (let i = bits - 1; i >= 0; i--) {
    const c = Math.floor(col / 2 ** i) % 2;
    const r = Math.floor(row / 2 ** i) % 2;
    k = k * 4 + c + 2 * r;
  }
  return k;
}

/** Splits an interleaved number of `bits` bits per axis back into column and row. */
export function deinterleave(key: number, bits: number): { col: number; row: number } {
  let col = 0;
  let row = 0;
  let k = key;
  for (let i = 0; i < bits; i++) {
    const pair = k % 4;
    col += (pair % 2) * 2 ** i;
    row += Math.floor(pair / 2) * 2 ** i;
    k = Math.floor(k / 4);
  }
  return { col, row };
}

/**
 * The incident tile key of a Web Mercator position, as `incident_tile_key(x, y)` computes it in
 * SQL (migration 004): the position's column and row on the 2^24 grid, interleaved.
 */
export function mercatorTileKey(mx: number, my: number): number {
  const n = 2 ** TILE_KEY_BITS;
  const scale = n / (2 * MERCATOR_HALF);
  const col = Math.max(0, Math.min(n - 1, Math.floor((mx + MERCATOR_HALF) * scale)));
  const row = Math.max(0, Math.min(n - 1, Math.floor((MERCATOR_HALF - my) * scale)));
  return interleave(col, row, TILE_KEY_BITS);
}

/**
 * The half-open range [lo, hi) of tile keys of the points inside tile z/x/y (z <= 24): a point
 * is in the tile exactly when its key is in the range.
 */
export function tileKeyRange(z: number, x: number, y: number): { lo: number; hi: number } {
  if (z > TILE_KEY_BITS) throw new RangeError(`tile keys resolve zooms up to ${TILE_KEY_BITS}, got ${z}`);
  const span = 4 ** (TILE_KEY_BITS - z);
  const k = interleave(x, y, z);
  return { lo: k * span, hi: (k + 1) * span };
}
