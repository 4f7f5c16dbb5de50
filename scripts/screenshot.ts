/**
 * Screenshots of a running COMAP for the README and for looking at the pages:
 *   tsx scripts/screenshot.ts BASE_URL USER PASSWORD [OUT_DIR]
 * Signs in through the form, then captures the map and the admin pages.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { launchBrowser } from '../src/server/testing/browser.ts';

const [base = 'http://localhost:8080', user = 'admin', password = '', out = 'test-results/screens'] = process.argv.slice(2);
mkdirSync(out, { recursive: true });
const browser = await launchBrowser();
try {
  const page = await browser.newPage({ viewport: { width: 1440, height: 900 }, deviceScaleFactor: 1 });
  await page.goto(`${base}/login`);
  await page.screenshot({ path: join(out, 'login.png') });
  await page.fill('input[name=username]', user);
  await page.fill('input[name=password]', password);
  await page.click('button[type=submit]');
  await page.waitForURL((u) => !u.pathname.startsWith('/login'), { timeout: 30_000 });
  await page.goto(`${base}/${process.env.SHOT_QUERY ?? ''}`);
  await page.waitForTimeout(Number(process.env.SHOT_WAIT ?? 8000));
  await page.screenshot({ path: join(out, 'map.png') });
  for (const p of ['admin/import', 'admin/users', 'admin/audit', 'account']) {
    await page.goto(`${base}/${p}`);
    await page.waitForTimeout(1500);
    await page.screenshot({ path: join(out, `${p.replace('/', '-')}.png`), fullPage: true });
  }
  console.log(`screenshots in ${out}`);
} finally {
  await browser.close();
}
