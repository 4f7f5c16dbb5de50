import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startTestApp, type TestApp } from './testing/test-app.ts';

let t: TestApp;
before(async () => {
  t = await startTestApp();
});
after(async () => t?.close());

/** Routes anyone may call without signing in, and why. */
const PUBLIC = new Set([
  'POST /api/auth/login', // signing in
  'POST /api/auth/logout', // harmless without a session
  'GET /api/config', // basemap settings and the map extent for the sign-in page
  'GET /api/basemap/borders.geojson', // Natural Earth country borders
  'GET /tiles/boundaries/{z}/{x}/{y}.mvt', // public administrative boundaries
  'GET /tiles/subdistricts/{z}/{x}/{y}.mvt', // the same boundaries, sub-districts from z6
  'GET /basemap/basemap.pmtiles', // the configured basemap file
  // The people's project board (issue 5): public projects, answers and needs, no sign-in; what
  // they may return is tested in src/server/board and src/server/feedback.
  'GET /api/public/areas/search',
  'GET /api/public/areas/locate',
  'GET /api/public/subdistricts/{code}',
  'POST /api/public/projects/{id}/feedback',
  'POST /api/public/subdistricts/{code}/needs',
]);

test('every other API route refuses a caller who is not signed in', async () => {
  const spec = t.app.swagger() as { paths: Record<string, Record<string, unknown>> };
  const checked: string[] = [];
  for (const [path, methods] of Object.entries(spec.paths)) {
    for (const method of Object.keys(methods)) {
      const key = `${method.toUpperCase()} ${path}`;
      // The board's server-rendered pages (/board/...) are for the public by design.
      if (PUBLIC.has(key) || path === '/board' || path.startsWith('/board/')) continue;
      const url = path.replace(/\{z\}/, '10').replace(/\{x\}/, '800').replace(/\{y\}/, '480').replace(/\{[^}]+\}/g, '1');
      const res = await t.app.inject({ method: method.toUpperCase() as any, url, payload: method === 'get' ? undefined : {} });
      assert.equal(res.statusCode, 401, `${key} answered ${res.statusCode} without a session: ${res.body.slice(0, 200)}`);
      checked.push(key);
    }
  }
  assert.ok(checked.length >= 20, `checked ${checked.length} routes`);
  for (const must of ['GET /api/incidents', 'GET /tiles/incidents/{z}/{x}/{y}.mvt', 'GET /api/audit', 'GET /api/admin/backup', 'POST /api/areas/import']) {
    assert.ok(checked.includes(must), `${must} is among the checked routes`);
  }
});
