import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parse } from 'csv-parse/sync';
import { targetCsv, thaiStatusLine } from './export.ts';
import { sniffOrderType, type ExportData, type TargetListView } from './service.ts';

const list: TargetListView = {
  id: 1, provinceCode: '32', provinceTh: 'สุรินทร์', fiscalYear: 2568, version: 1, status: 'declared', title: 't', reason: '',
  previousId: null, sourceRunId: null, sourceRule: null, createdBy: 'a', createdAt: '2024-10-01T00:00:00.000Z', submittedBy: null,
  submittedAt: null, declaredBy: 'b', declaredAt: '2024-10-02T00:00:00.000Z', declarationDate: '2024-10-01', referenceNumber: '7/2568',
  orderFile: null, supersededAt: null, areaCount: 1,
};

const data = (reason: string): ExportData => ({
  list,
  areas: [{
    code: '320101', level: 3, nameTh: 'ในเมือง', nameEn: 'Nai Mueang', subdistrictTh: 'ในเมือง', districtTh: 'เมืองสุรินทร์', districtEn: null,
    provinceTh: 'สุรินทร์', provinceEn: 'Surin', categories: ['drugs', 'flood'], reason, rank: 3, score: 0.5, addedBy: null, addedAt: '2024-10-01T00:00:00.000Z',
  }],
  labels: new Map([['drugs', { code: 'drugs', label_th: 'ยาเสพติด', label_en: 'Drugs' }]]),
});

test('a reason that looks like a spreadsheet formula is exported as text; quotes and commas survive', () => {
  const rows: string[][] = parse(targetCsv(data('=HYPERLINK("http://x","คลิก")')).slice(1));
  assert.equal(rows[1][9], `'=HYPERLINK("http://x","คลิก")`);
  const plain: string[][] = parse(targetCsv(data('ยาเสพติด, "หนัก"\nสองบรรทัด')).slice(1));
  assert.equal(plain[1][9], 'ยาเสพติด, "หนัก"\nสองบรรทัด');
  assert.equal(plain[1][7], 'ยาเสพติด; flood', 'a category without a label keeps its code');
  assert.equal(plain[1][10], '3');
});

test('the declaration line gives the order number and the Buddhist Era date of the order', () => {
  assert.equal(thaiStatusLine(list), 'ประกาศแล้ว ตามคำสั่งเลขที่ 7/2568 ลงวันที่ 1 ตุลาคม 2567');
  assert.equal(thaiStatusLine({ ...list, status: 'draft', declarationDate: null, referenceNumber: null }), 'สถานะ: ร่าง');
});

test('scanned orders are recognised by their magic bytes only', () => {
  assert.equal(sniffOrderType(Buffer.from('%PDF-1.7\n')), 'application/pdf');
  assert.equal(sniffOrderType(Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 0x10])), 'image/jpeg');
  assert.equal(sniffOrderType(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0])), 'image/png');
  assert.equal(sniffOrderType(Buffer.from('GIF89a')), null);
  assert.equal(sniffOrderType(Buffer.from('PK\u0003\u0004 a .docx')), null);
  assert.equal(sniffOrderType(Buffer.from('%PD')), null, 'a truncated header is not a PDF');
});
