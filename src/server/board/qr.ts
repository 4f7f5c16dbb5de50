/**
 * QR codes for the board's printed notices, drawn on the server (no outside host): the modules of
 * @paulmillr/qr's encoder as one SVG path, which prints sharp at any size.
 */
import encodeQR from '@paulmillr/qr';

/** The modules of a QR code holding `text` (true = dark), with the 4-module quiet zone the standard asks for. */
export function qrMatrix(text: string): boolean[][] {
  // Medium error correction: a poster on a notice board gets creased and stained.
  return encodeQR(text, 'raw', { ecc: 'medium', border: 4 });
}

/** A QR code as SVG markup: one path of the dark modules on a white square, scaled by its viewBox. */
export function qrSvg(text: string): string {
  const m = qrMatrix(text);
  const n = m.length;
  let d = '';
  for (let y = 0; y < n; y++) {
    let x = 0;
    while (x < n) {
      if (!m[y][x]) {
        x += 1;
        continue;
      }
      // A run of dark modules in a row is one rectangle.
      let run = 1;
      while (x + run < n && m[y][x + run]) run += 1;
      d += `M${x} ${y}h${run}v1h-${run}z`;
      x += run;
    }
  }
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${n} ${n}" shape-rendering="crispEdges"><rect width="${n}" height="${n}" fill="#fff"/><path d="${d}" fill="#000"/></svg>`;
}
