/** The poster's QR code decodes back to the address it was made for. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import decodeQR from '@paulmillr/qr/decode.js';
import { qrMatrix, qrSvg } from './qr.ts';

/** The matrix as an RGB image, `scale` pixels a module, as a camera would see a printed code. */
function image(m: boolean[][], scale: number) {
  const size = m.length * scale;
  const data = new Uint8Array(size * size * 3);
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const v = m[Math.floor(y / scale)][Math.floor(x / scale)] ? 0 : 255;
      data.fill(v, (y * size + x) * 3, (y * size + x) * 3 + 3);
    }
  }
  return { width: size, height: size, data };
}

test('a board address decodes back from its QR code', () => {
  for (const url of ['http://127.0.0.1:8080/board/t/320101', 'https://comap.example.go.th/board/t/960101?lang=en']) {
    assert.equal(decodeQR(image(qrMatrix(url), 4)), url);
  }
});

test('the SVG has a quiet zone, one path of dark modules, and nothing but the drawing', () => {
  const m = qrMatrix('http://127.0.0.1/board/t/320101');
  assert.ok(m[0].every((v) => !v) && m[3].every((v) => !v), 'four light rows around the code');
  const svg = qrSvg('http://127.0.0.1/board/t/320101');
  assert.match(svg, new RegExp(`^<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${m.length} ${m.length}"`));
  assert.equal((svg.match(/<path /g) ?? []).length, 1);
  assert.doesNotMatch(svg, /board|script/, 'the address is drawn, not written into the markup');
  // Every dark module is covered by the path: the number of dark modules equals the run lengths.
  const dark = m.flat().filter(Boolean).length;
  const runs = [...svg.matchAll(/h(\d+)v1/g)].reduce((s, r) => s + Number(r[1]), 0);
  assert.equal(runs, dark);
});
