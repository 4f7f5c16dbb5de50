/**
 * The map in a real browser (system Chromium, software WebGL) against a real server holding the
 * real Surin boundaries and a few hundred incidents: sign in through the form, see sub-districts
 * and incidents drawn from the tiles, filter by category (tiles, page URL, reload), switch
 * language, and the wrong-password message.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, startWebServer, type WebServer } from '../server/testing/browser.ts';
import { mapIdle, newTestPage, resultsDir, signIn } from './e2e-helpers.ts';

let server: WebServer;
let browser: Browser;

before(async () => {
  server = await startWebServer({ provinces: ['32'] });
  const admin = await server.addUser('admin', { username: 'seed-admin' });
  const login = await fetch(`${server.base}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(admin),
  });
  assert.equal(login.status, 200, await login.clone().text());
  const cookie = login.headers.get('set-cookie')!.split(';')[0];
  // Two points in every sub-district of Surin (inside the polygon), through the public API.
  const pts = await server.db.query<{ code: string; lon: number; lat: number }>(
    `SELECT code, ST_X(g) AS lon, ST_Y(g) AS lat
       FROM (SELECT code, (ST_Dump(ST_GeneratePoints(geom, 2, 7))).geom AS g FROM area WHERE level = 3) s
      ORDER BY code`,
  );
  assert.ok(pts.rows.length > 200, `expected Surin sub-districts, got ${pts.rows.length} points`);
  const cats = ['drugs', 'flood', 'illegal_crossing', 'smuggling'];
  for (let k = 0; k < pts.rows.length; k++) {
    const p = pts.rows[k];
    const res = await fetch(`${server.base}/api/incidents`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie },
      body: JSON.stringify({
        category: cats[k % cats.length],
        occurredAt: new Date(Date.UTC(2024, k % 12, 1 + (k % 27), 3)).toISOString(),
        lon: p.lon,
        lat: p.lat,
        severity: 1 + (k % 5),
        status: k % 3 === 0 ? 'verified' : 'reported',
        source: 'agency',
        description: `เหตุทดสอบ ${k} <b>ไม่ใช่ HTML</b>`,
        classification: 'internal',
      }),
    });
    assert.equal(res.status, 201, `POST /api/incidents: ${await res.text()}`);
  }
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await server?.close();
});

async function newPage(): Promise<{ page: Page; responses: Array<{ url: string; status: number }>; outside: string[] }> {
  const { page } = await newTestPage(browser, { width: 1366, height: 820 });
  const responses: Array<{ url: string; status: number }> = [];
  const outside: string[] = [];
  page.on('response', (r) => responses.push({ url: r.url(), status: r.status() }));
  page.on('request', (r) => {
    const u = r.url();
    if (!u.startsWith(server.base) && !u.startsWith('data:') && !u.startsWith('blob:')) outside.push(u);
  });
  return { page, responses, outside };
}

const tileZ = (url: string) => Number(/\/tiles\/\w+\/(\d+)\//.exec(url)?.[1] ?? -1);

test('sign in, see sub-districts and incidents, filter by category, share by URL, switch language', { timeout: 240_000 }, async () => {
  const user = await server.addUser('analyst');
  const { page, responses, outside } = await newPage();
  await signIn(page, server.base, user);

  const canvas = page.locator('canvas.maplibregl-canvas');
  await canvas.waitFor({ state: 'visible' });
  const box = await canvas.boundingBox();
  assert.ok(box && box.width > 400 && box.height > 300, 'the map canvas fills the page');
  await mapIdle(page, '__comapMap');

  // Close enough for sub-districts (z >= 9).
  await page.evaluate(() => (window.__comapMap as any).jumpTo({ center: [103.49, 14.88], zoom: 10 }));
  await mapIdle(page, '__comapMap');

  const boundaryTiles = responses.filter((r) => r.url.includes('/tiles/boundaries/') && tileZ(r.url) >= 9);
  assert.ok(boundaryTiles.length > 0, 'sub-district boundary tiles were requested');
  assert.ok(boundaryTiles.some((r) => r.status === 200), `some sub-district tiles answered 200: ${JSON.stringify(boundaryTiles.slice(0, 5))}`);
  const incidentTiles = responses.filter((r) => r.url.includes('/tiles/incidents/'));
  assert.ok(incidentTiles.some((r) => r.status === 200), `incident tiles answered 200: ${JSON.stringify(incidentTiles.slice(0, 5))}`);
  assert.ok(responses.some((r) => r.url.includes('/api/incidents/counts?level=3') && r.status === 200), 'sub-district counts were loaded');

  const rendered = await page.evaluate(() => {
    const m = window.__comapMap as any;
    const subs = m.queryRenderedFeatures({ layers: ['choropleth-subdistrict'] });
    const incs = m.queryRenderedFeatures({ layers: ['incident-clusters', 'incident-points'] });
    const coloured = subs.filter((f: any) => {
      const s = m.getFeatureState({ source: 'boundaries', sourceLayer: 'subdistrict', id: f.id });
      return typeof s.c === 'number' && s.c >= 0;
    });
    return { subs: subs.length, codes: subs.slice(0, 3).map((f: any) => f.properties.code), incs: incs.length, coloured: coloured.length };
  });
  assert.ok(rendered.subs > 0, 'sub-district polygons are drawn');
  assert.ok(rendered.codes.every((c: string) => /^32\d{4}$/.test(c)), `sub-district codes of Surin: ${rendered.codes}`);
  assert.ok(rendered.incs > 0, 'incidents are drawn');
  assert.ok(rendered.coloured > 0, 'the choropleth coloured some sub-districts through feature state');

  // The WebGL canvas holds a picture, not one flat colour.
  const colours = await page.evaluate(
    () =>
      new Promise<number>((resolve) => {
        const m = window.__comapMap as any;
        m.once('render', () => {
          const gl = m.getCanvas().getContext('webgl2') ?? m.getCanvas().getContext('webgl');
          const seen = new Set<string>();
          const px = new Uint8Array(4);
          for (let y = 10; y < gl.drawingBufferHeight; y += 23) {
            for (let x = 10; x < gl.drawingBufferWidth; x += 23) {
              gl.readPixels(x, y, 1, 1, gl.RGBA, gl.UNSIGNED_BYTE, px);
              seen.add(px.join(','));
            }
          }
          resolve(seen.size);
        });
        m.triggerRepaint();
      }),
  );
  assert.ok(colours > 5, `the map canvas shows a rendered map (${colours} distinct colours sampled)`);

  // Filter by one category: the incident tiles, the counts and the page URL carry it.
  const before = responses.length;
  await page.check('input[name=category][value=drugs]');
  await page.waitForURL(/[?&]cat=drugs(&|$)/);
  await mapIdle(page, '__comapMap');
  const after = responses.slice(before);
  assert.ok(
    after.some((r) => r.url.includes('/tiles/incidents/') && new URL(r.url).searchParams.get('category') === 'drugs'),
    'incident tiles are requested with category=drugs',
  );
  assert.ok(after.some((r) => r.url.includes('/api/incidents/counts') && r.url.includes('category=drugs')), 'the choropleth counts follow the filter');
  const filteredCats = await page.evaluate(() => {
    const m = window.__comapMap as any;
    return [...new Set(m.queryRenderedFeatures({ layers: ['incident-points', 'incident-clusters'] }).map((f: any) => f.properties.category ?? f.properties.top_category))];
  });
  assert.deepEqual(filteredCats, ['drugs'], `only drug incidents remain on the map: ${filteredCats}`);

  // A reload (or a shared link) restores the filter and the view.
  const url = page.url();
  assert.match(url, /[?&]v=14\.\d+,103\.\d+,10(\.\d+)?/, 'the view is in the URL');
  const beforeReload = responses.length;
  await page.reload();
  await mapIdle(page, '__comapMap');
  assert.ok(await page.isChecked('input[name=category][value=drugs]'), 'the category box is still ticked');
  assert.match(page.url(), /[?&]cat=drugs(&|$)/);
  assert.ok(
    responses.slice(beforeReload).some((r) => r.url.includes('/tiles/incidents/') && new URL(r.url).searchParams.get('category') === 'drugs'),
    'after the reload the tiles still carry the filter',
  );
  const zoom = await page.evaluate(() => (window.__comapMap as any).getZoom());
  assert.ok(Math.abs(zoom - 10) < 0.01, `the zoom is restored (${zoom})`);

  // English and back to Thai.
  await page.click('.lang-switch button[lang=en]');
  await page.getByRole('heading', { name: 'Filters' }).waitFor();
  assert.equal(await page.getAttribute('html', 'lang'), 'en');
  await page.click('.lang-switch button[lang=th]');
  await page.getByRole('heading', { name: 'ตัวกรองข้อมูล' }).waitFor();
  assert.equal(await page.getAttribute('html', 'lang'), 'th');

  const RESULTS = resultsDir();
  await page.screenshot({ path: join(RESULTS, 'map.png') });

  // A click on an incident opens its details, with the description as text.
  const first = await page.evaluate(async () => (await (await fetch('/api/incidents?category=drugs&limit=1')).json()).items[0]);
  assert.ok(first, 'the list API returns a drug incident');
  await page.evaluate(([lon, lat]) => (window.__comapMap as any).jumpTo({ center: [lon, lat], zoom: 14 }), [first.lon, first.lat]);
  await mapIdle(page, '__comapMap');
  const at = await page.evaluate(() => {
    const m = window.__comapMap as any;
    const c = m.project(m.getCenter());
    const f = m.queryRenderedFeatures([[c.x - 15, c.y - 15], [c.x + 15, c.y + 15]], { layers: ['incident-points'] })[0];
    if (!f) return null;
    const p = m.project(f.geometry.coordinates);
    const r = m.getCanvas().getBoundingClientRect();
    return { x: r.left + p.x, y: r.top + p.y };
  });
  assert.ok(at, 'the incident is drawn as a symbol at zoom 14');
  await page.mouse.click(at.x, at.y);
  const popup = page.getByTestId('incident-popup');
  await popup.waitFor();
  const text = await popup.innerText();
  assert.match(text, /ยาเสพติด/);
  assert.match(text, /<b>ไม่ใช่ HTML<\/b>/, 'the description is shown as text, tags and all');
  assert.match(text, /25\d\d/, 'the date is in the Buddhist Era');
  await page.screenshot({ path: join(RESULTS, 'map-incident.png') });

  assert.deepEqual(outside, [], 'no request leaves the COMAP server');
  await page.context().close();
});

test('a wrong password is refused with a Thai message', { timeout: 60_000 }, async () => {
  const user = await server.addUser('viewer');
  const { page } = await newPage();
  await page.goto(`${server.base}/login`);
  await page.fill('input[name=username]', user.username);
  await page.fill('input[name=password]', 'not-the-password');
  await page.click('button[type=submit]');
  const alert = page.getByRole('alert');
  await alert.waitFor();
  assert.equal((await alert.innerText()).trim(), 'ชื่อผู้ใช้หรือรหัสผ่านไม่ถูกต้อง');
  assert.match(page.url(), /\/login/);
  await page.context().close();
});
