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
