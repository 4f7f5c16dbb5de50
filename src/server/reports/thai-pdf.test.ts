import { test } from 'node:test';
import assert from 'node:assert/strict';
import { breakLines, ThaiPdf, type Measure, type TableColumn } from './thai-pdf.ts';

const words = new Intl.Segmenter('th', { granularity: 'word' });
const graphemes = new Intl.Segmenter('th', { granularity: 'grapheme' });

// Marks that belong to the consonant before them (upper and lower vowels, tone marks, sara am).
const MARK_START = /^[\u0E31\u0E33-\u0E3A\u0E47-\u0E4E]/;
const LEADING_VOWEL_END = /[\u0E40-\u0E44]$/;

/** A measure with no font: one unit per grapheme cluster, so marks add nothing. */
const clusters: Measure = (s) => [...graphemes.segment(s)].filter((g) => g.segment !== '').length;

const pdf = new ThaiPdf({ title: 'test' });
const sarabun: Measure = (s) => pdf.measure(s, { size: 10 });

const SENTENCES = [
  'หมู่บ้านชายแดนติดกัมพูชามีการลักลอบขนสินค้าเถื่อนและยาเสพติดข้ามแดนเป็นประจำ',
  'พบผู้ค้ารายย่อยที่ปั้นจั่นริมน้ำและบ่อกุ้งร้าง ต้องเฝ้าระวังต่อเนื่องทุกไตรมาส',
  'น้ำท่วมซ้ำซากทุกปีๆ (2566-2568) ตามคำสั่ง ศปก.จ.สร. 123/2567',
  'ผลการวิเคราะห์ #12: อันดับ 3, คะแนน 0.912 ผู้ใหญ่บ้านแจ้งว่าพบช่องทางธรรมชาติเพิ่มขึ้น',
];

/** The offsets in `text` where each line starts, found by walking the text (spaces at breaks are dropped). */
function lineStarts(text: string, lines: string[]): number[] {
  const starts: number[] = [];
  let at = 0;
  for (const l of lines) {
    while (/\s/.test(text[at] ?? '') && !l.startsWith(text[at])) at++;
    assert.equal(text.slice(at, at + l.length), l, `line "${l}" is a piece of the text`);
    starts.push(at);
    at += l.length;
  }
  assert.equal(text.slice(at).trim(), '', 'nothing lost at the end');
  return starts;
}

test('Thai lines break only where words meet, never between a consonant and its marks', () => {
  for (const text of SENTENCES) {
    const segments = [...words.segment(text)];
    const boundaries = new Set(segments.map((s) => s.index));
    for (const measure of [clusters, sarabun]) {
      for (const width of measure === clusters ? [6, 9, 14, 25] : [40, 60, 90, 150]) {
        const lines = breakLines(text, width, measure);
        assert.ok(lines.length > 1, `"${text}" wraps at ${width}`);
        for (const at of lineStarts(text, lines).slice(1)) {
          // Only a word wider than the whole line may be cut inside (after its full stop if it has one).
          const word = segments.find((s) => s.index < at && at < s.index + s.segment.length);
          assert.ok(boundaries.has(at) || /[./-]$/.test(text.slice(0, at)) || measure(word!.segment) > width, `break at ${at} in "${text}" (width ${width}) is a word boundary: ${JSON.stringify(lines)}`);
        }
        for (const l of lines) {
          assert.ok(!MARK_START.test(l), `no line starts with a mark: "${l}"`);
          assert.ok(!LEADING_VOWEL_END.test(l), `no line ends with a leading vowel: "${l}"`);
          assert.ok(!/^[)ๆ.,:]/.test(l) && !/[(#]$/.test(l), `punctuation stays with its word: "${l}"`);
          assert.equal(l, l.trim(), 'no spaces at the ends of a line');
          assert.ok(measure(l) <= width + 1e-9, `"${l}" fits ${width}: ${measure(l)}`);
        }
        assert.equal(lines.join('').replace(/\s/g, ''), text.replace(/\s/g, ''), 'no character lost or added');
      }
    }
  }
});

test('a text that fits stays one line; newlines break; an empty text is one empty line', () => {
  assert.deepEqual(breakLines('ที่ปั้นกุ้งน้ำ', 100, clusters), ['ที่ปั้นกุ้งน้ำ']);
  assert.deepEqual(breakLines('บรรทัดแรก\nบรรทัดสอง', 100, clusters), ['บรรทัดแรก', 'บรรทัดสอง']);
  assert.deepEqual(breakLines('', 100, clusters), ['']);
  assert.deepEqual(breakLines('320101  ', 100, clusters), ['320101']);
});

test('a word longer than the line is cut between grapheme clusters and still fits', () => {
  for (const word of ['A'.repeat(200), '3'.repeat(120), 'ฮฮฮฮฮฮฮฮฮฮฮฮฮฮฮฮฮฮฮฮฮฮฮฮฮฮฮฮฮฮฮฮฮฮฮฮ', 'กี่'.repeat(50), 'เป้า'.repeat(40)]) {
    for (const measure of [clusters, sarabun]) {
      const width = measure === clusters ? 7 : 45;
      const lines = breakLines(`ก ${word} ข`, width, measure);
      assert.ok(lines.length >= 3, `${word.slice(0, 6)}… is cut`);
      for (const l of lines) {
        assert.ok(measure(l) <= width + 1e-9, `"${l}" fits`);
        assert.ok(!MARK_START.test(l) && !LEADING_VOWEL_END.test(l), `"${l}" keeps marks and vowels with their consonant`);
      }
      assert.equal(lines.join('').replace(/\s/g, ''), `ก${word}ข`);
    }
  }
});

const PAGE = /\/Type \/Page\b(?!s)/g;

test('a table runs over pages with its header on each; a row taller than a page is split; the PDF embeds Sarabun', async () => {
  const doc = new ThaiPdf({ title: 'ตาราง' });
  const columns: Array<TableColumn<number>> = [
    { header: 'ลำดับ', width: 36, align: 'right', value: (n) => String(n) },
    { header: 'เหตุผล', weight: 1, value: (n) => (n === 5 ? SENTENCES.join(' ').repeat(40) : SENTENCES[n % SENTENCES.length]) },
  ];
  doc.table(columns, Array.from({ length: 120 }, (_, i) => i), { zebra: true });
  const bytes = await doc.finish((i, n) => ({ left: 'พิมพ์เมื่อ', right: `หน้า ${i + 1} จาก ${n}` }));
  assert.equal(bytes.subarray(0, 5).toString('latin1'), '%PDF-');
  const raw = bytes.toString('latin1');
  assert.ok((raw.match(PAGE) ?? []).length >= 5, 'several pages');
  assert.match(raw, /\/BaseFont \/[A-Z]{6}\+Sarabun-Regular/, 'a subset of Sarabun is embedded');
  assert.match(raw, /\/BaseFont \/[A-Z]{6}\+Sarabun-Bold/);
});

test('fixed columns wider than the page are refused with a clear message', () => {
  const doc = new ThaiPdf({ title: 'x' });
  assert.throws(() => doc.table([{ header: 'a', width: 400, value: () => '' }, { header: 'b', width: 400, value: () => '' }], [1]), /fixed columns \(800 pt\) are wider than the page/);
});
