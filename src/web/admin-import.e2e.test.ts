/**
 * The upload page in a real browser: an administrator uploads an incidents CSV with mistakes and
 * sees every error listed by row and field, and that nothing was stored.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { launchBrowser, startWebServer, type WebServer } from '../server/testing/browser.ts';
import { resultsDir, signIn } from './e2e-helpers.ts';

let server: WebServer;
let browser: Browser;

before(async () => {
  server = await startWebServer({ provinces: ['32'] });
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await server?.close();
});

// Row 2 is good, rows 3-5 are not: an unknown category, latitude and longitude swapped, a severity
// out of range and a date that does not exist.
const BAD_CSV = [
  'external_id,category,occurred_at,lon,lat,severity,status,source,description,classification',
  'T-1,drugs,2024-01-15T10:00:00+07:00,103.49,14.88,3,reported,agency,ok,internal',
  'T-2,no_such_category,2024-01-16T10:00:00+07:00,103.50,14.90,2,reported,agency,bad category,internal',
  'T-3,flood,2024-01-17T10:00:00+07:00,14.88,103.49,2,reported,agency,swapped,internal',
  'T-4,flood,2024-02-31T10:00:00+07:00,103.45,14.85,9,reported,agency,bad date and severity,internal',
].join('\r\n');

test('an incidents CSV with mistakes lists the errors by row and field, and stores nothing', { timeout: 120_000 }, async () => {
  const admin = await server.addUser('admin');
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  await signIn(page, server.base, admin);
  await page.click('a[href="/admin/import"]');
  await page.getByRole('heading', { name: 'นำเข้าข้อมูล', level: 1 }).waitFor();

  const form = page.getByTestId('incident-import');
  await form.locator('input[type=file]').setInputFiles({ name: 'incidents-bad.csv', mimeType: 'text/csv', buffer: Buffer.from('\uFEFF' + BAD_CSV, 'utf8') });
  await form.locator('button[type=submit]').click();

  const box = page.getByTestId('import-errors');
  await box.waitFor({ timeout: 60_000 });
  assert.match(await box.getByRole('alert').innerText(), /นำเข้าไม่สำเร็จ ระบบไม่ได้บันทึกข้อมูลใด ๆ/);
  const rows = await box.locator('table tbody tr').evaluateAll((trs) =>
    trs.map((tr) => Array.from(tr.querySelectorAll('td')).map((td) => (td.textContent ?? '').trim())),
  );
  const headers = await box.locator('table thead th').allInnerTexts();
  const rowCol = headers.indexOf('แถว');
  const fieldCol = headers.indexOf('ฟิลด์');
  assert.ok(rowCol >= 0 && fieldCol >= 0, `the table has row and field columns: ${headers}`);
  const badRows = new Set(rows.map((r) => r[rowCol]));
  for (const n of ['3', '4', '5']) assert.ok(badRows.has(n), `row ${n} is listed: ${JSON.stringify(rows)}`);
  assert.ok(!badRows.has('2'), 'the good row is not listed');
  assert.ok(rows.every((r) => r[fieldCol] !== ''), 'every error names its field');
  assert.ok(rows.some((r) => r[fieldCol].includes('category')), 'the unknown category is reported on the category field');

  const list = await page.evaluate(async () => (await fetch('/api/incidents?limit=1')).json());
  assert.equal(list.total, 0, 'all or nothing: the good row was not stored either');

  await page.screenshot({ path: join(resultsDir(), 'admin-import.png'), fullPage: true });
  await page.close();
});
