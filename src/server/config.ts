/**
 * Configuration from environment variables, with defaults that start COMAP on the embedded
 * database. Documented in the README; nothing else reads process.env.
 */
import { resolve } from 'node:path';

export interface Config {
  port: number;
  host: string;
  /** Folder of the embedded database and uploaded files. */
  dataDir: string;
  /** PostgreSQL URL; when set, the embedded database is not used. */
  databaseUrl?: string;
  /** XYZ raster basemap template, e.g. https://tile.openstreetmap.org/{z}/{x}/{y}.png. */
  basemapUrl?: string;
  /** Attribution shown with the basemap. */
  basemapAttribution?: string;
  /** Local PMTiles file served as the basemap (raster or vector). */
  basemapPmtiles?: string;
  /** Largest accepted upload, in megabytes. */
  maxUploadMb: number;
  /** Session lifetime in hours. */
  sessionHours: number;
  /** Distance within which a point in a gap between polygons is given the nearest sub-district. */
  nearestToleranceM: number;
  /** Load the demo province on a first start with an empty database. */
  demoOnEmpty: boolean;
  /** Secure cookies (behind HTTPS). */
  secureCookies: boolean;
  logLevel: string;
  /**
   * Whose X-Forwarded-For to believe for the client's address (the per-address limits of the
   * public board use it): 'loopback' (a reverse proxy on this machine; the default), 'true'
   * (every sender: only behind a proxy that overwrites the header), 'false', or a comma-separated
   * list of proxy addresses or CIDR ranges.
   */
  trustProxy: boolean | string;
}

function trustProxyOf(value: string | undefined): boolean | string {
  const v = (value ?? '').trim();
  if (v === '') return 'loopback';
  if (v === 'true' || v === '1') return true;
  if (v === 'false' || v === '0') return false;
  return v;
}

function int(name: string, value: string | undefined, dflt: number): number {
  if (value === undefined || value === '') return dflt;
  const n = Number(value);
  if (!Number.isFinite(n) || n < 0) throw new Error(`${name} must be a non-negative number, got "${value}"`);
  return n;
}

/** Reads the configuration from an environment (process.env by default). */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  return {
    port: int('PORT', env.PORT, 8080),
    host: env.HOST || '0.0.0.0',
    dataDir: resolve(env.DATA_DIR || './data'),
    databaseUrl: env.DATABASE_URL || undefined,
    basemapUrl: env.BASEMAP_URL || undefined,
    basemapAttribution: env.BASEMAP_ATTRIBUTION || undefined,
    basemapPmtiles: env.BASEMAP_PMTILES ? resolve(env.BASEMAP_PMTILES) : undefined,
    maxUploadMb: int('MAX_UPLOAD_MB', env.MAX_UPLOAD_MB, 200),
    sessionHours: int('SESSION_HOURS', env.SESSION_HOURS, 12),
    nearestToleranceM: int('NEAREST_TOLERANCE_M', env.NEAREST_TOLERANCE_M, 500),
    demoOnEmpty: env.DEMO_ON_EMPTY !== '0' && env.DEMO_ON_EMPTY !== 'false',
    secureCookies: env.SECURE_COOKIES === '1' || env.SECURE_COOKIES === 'true',
    logLevel: env.LOG_LEVEL || 'info',
    trustProxy: trustProxyOf(env.TRUST_PROXY),
  };
}
