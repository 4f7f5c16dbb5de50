import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ThaiPdf } from './thai-pdf.ts';
import { comparisonBars, formatNumber, niceTicks, stackedBars, targetBars } from './pdf-chart.ts';

test('axis ticks end on a round number at or above the largest value; counts step by whole numbers', () => {
  assert.deepEqual(niceTicks(17), [0, 5, 10, 15, 20]);
  assert.deepEqual(niceTicks(3), [0, 1, 2, 3]);
  assert.deepEqual(niceTicks(7), [0, 2, 4, 6, 8]);
  assert.deepEqual(niceTicks(1), [0, 1], 'never 0.2 of an incident');
  assert.deepEqual(niceTicks(0.8, 4, false), [0, 0.2, 0.4, 0.6, 0.8]);
  assert.deepEqual(niceTicks(1200), [0, 250, 500, 750, 1000, 1250]);
  assert.deepEqual(niceTicks(0), [0, 1], 'an empty chart still has an axis');
  assert.deepEqual(niceTicks(Number.NaN), [0, 1]);
});

test('numbers are written with thousands separators and at most the decimals asked', () => {
  assert.equal(formatNumber(1234567), '1,234,567');
  assert.equal(formatNumber(1234.567, 2), '1,234.57');
  assert.equal(formatNumber(-3), '-3');
});

test('charts print their Thai labels, legends and figures as text pdftotext reads', async () => {
  const pdf = new ThaiPdf({ title: 'ทดสอบแผนภูมิ', now: new Date('2025-10-01T00:00:00Z') });
  comparisonBars(pdf, {
    labels: ['ยาเสพติด', 'การลักลอบขนสินค้าหนีภาษี'],
    series: [{ name: 'ปีงบประมาณ พ.ศ. 2567', color: '#b8b8b8', values: [10, 2] }, { name: 'ปีงบประมาณ พ.ศ. 2568', color: '#1f5fa8', values: [7, 13] }],
  }, { unit: 'ครั้ง' });
  targetBars(pdf, [
    { label: 'ร้อยละของพื้นที่เป้าหมายที่มี', value: 75, target: 80, unit: ' %', statusText: 'เฝ้าระวัง', color: '#e08a00' },
    // A change is negative: its bar runs left of zero.
    { label: 'ร้อยละการเปลี่ยนแปลงของเหตุการณ์', value: -35, target: -10, unit: ' %', statusText: 'ตามเป้าหมาย', color: '#2e7d32' },
    { label: 'ร้อยละของโครงการที่ประชาชนประเมินว่าตรงกับความต้องการ', value: null, target: 70, unit: ' %', statusText: 'ไม่มีข้อมูล', color: '#9e9e9e' },
  ]);
  stackedBars(pdf, {
    labels: ['ตำรวจภูธรจังหวัดสุรินทร์', 'สำนักงานชลประทานที่ 8'],
    parts: [{ name: 'ยังไม่เริ่ม', color: '#9e9e9e' }, { name: 'แล้วเสร็จ', color: '#2e7d32' }],
    values: [[1, 4], [0, 2]],
  }, { unit: 'โครงการ' });
  const out = await pdf.finish(() => ({}));
  const dir = mkdtempSync(join(tmpdir(), 'comap-chart-'));
  try {
    const file = join(dir, 'chart.pdf');
    writeFileSync(file, out);
    const text = execFileSync('pdftotext', ['-layout', '-enc', 'UTF-8', file, '-'], { encoding: 'utf8' });
    for (const w of ['ยาเสพติด', 'การลักลอบขนสินค้าหนีภาษี', 'ปีงบประมาณ พ.ศ. 2567', 'ปีงบประมาณ พ.ศ. 2568', '(หน่วย: ครั้ง)',
      'ร้อยละของพื้นที่เป้าหมายที่มี', 'ผล 75 % / เป้าหมาย 80 %', 'ผล -35 % / เป้าหมาย -10 %', 'ผล ไม่มีข้อมูล / เป้าหมาย 70 %',
      'เฝ้าระวัง', 'ตามเป้าหมาย', 'ตำรวจภูธรจังหวัดสุรินทร์', 'สำนักงานชลประทานที่ 8', '(หน่วย: โครงการ)']) {
      assert.ok(text.includes(w), `${w} in\n${text}`);
    }
    // Bar values: 10 and 7, 2 and 13; stacked totals 5 and 2.
    assert.match(text, /ยาเสพติด\s+7/);
    assert.match(text, /13/);
    assert.match(text, /ตำรวจภูธรจังหวัดสุรินทร์\s+1\s+4\s+5/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
