/**
 * Category symbols drawn on a canvas: a disc in the category's colour with a small pictogram.
 * They go to the map with map.addImage (no sprite file, no request) and to the legend and lists
 * as data URLs, so the map and the panels show the same symbol.
 */

type Draw = (c: CanvasRenderingContext2D) => void;

/** Pictograms in a 24x24 box centred on (12, 12), stroked or filled in the foreground colour. */
const PICTOGRAMS: Record<string, Draw> = {
  dot: (c) => {
    c.beginPath();
    c.arc(12, 12, 3.2, 0, Math.PI * 2);
    c.fill();
  },
  pill: (c) => {
    c.save();
    c.translate(12, 12);
    c.rotate(-Math.PI / 4);
    c.beginPath();
    c.roundRect(-7, -3.2, 14, 6.4, 3.2);
    c.stroke();
    c.beginPath();
    c.roundRect(-7, -3.2, 7, 6.4, [3.2, 0, 0, 3.2]);
    c.fill();
    c.restore();
  },
  crossing: (c) => {
    c.setLineDash([2, 2]);
    c.beginPath();
    c.moveTo(12, 4);
    c.lineTo(12, 20);
    c.stroke();
    c.setLineDash([]);
    c.beginPath();
    c.moveTo(5, 12);
    c.lineTo(19, 12);
    c.moveTo(15, 8);
    c.lineTo(19, 12);
    c.lineTo(15, 16);
    c.stroke();
  },
  box: (c) => {
    c.strokeRect(6, 7, 12, 10);
    c.beginPath();
    c.moveTo(6, 11);
    c.lineTo(18, 11);
    c.moveTo(12, 7);
    c.lineTo(12, 11);
    c.stroke();
  },
  shield: (c) => {
    c.beginPath();
    c.moveTo(12, 4.5);
    c.lineTo(18, 7);
    c.quadraticCurveTo(18, 16, 12, 19.5);
    c.quadraticCurveTo(6, 16, 6, 7);
    c.closePath();
    c.stroke();
  },
  wave: (c) => {
    for (const y of [9, 14.5]) {
      c.beginPath();
      c.moveTo(5, y);
      c.bezierCurveTo(7.5, y - 3, 9.5, y - 3, 12, y);
      c.bezierCurveTo(14.5, y + 3, 16.5, y + 3, 19, y);
      c.stroke();
    }
  },
  sun: (c) => {
    c.beginPath();
    c.arc(12, 12, 3.3, 0, Math.PI * 2);
    c.fill();
    c.beginPath();
    for (let k = 0; k < 8; k++) {
      const a = (k * Math.PI) / 4;
      c.moveTo(12 + Math.cos(a) * 5.5, 12 + Math.sin(a) * 5.5);
      c.lineTo(12 + Math.cos(a) * 7.8, 12 + Math.sin(a) * 7.8);
    }
    c.stroke();
  },
  drop: (c) => {
    c.beginPath();
    c.moveTo(12, 4.5);
    c.bezierCurveTo(14, 8, 17, 11, 17, 14);
    c.arc(12, 14, 5, 0, Math.PI);
    c.bezierCurveTo(7, 11, 10, 8, 12, 4.5);
    c.fill();
  },
  tree: (c) => {
    c.beginPath();
    c.moveTo(12, 4.5);
    c.lineTo(18, 15);
    c.lineTo(6, 15);
    c.closePath();
    c.fill();
    c.fillRect(10.8, 15, 2.4, 4.5);
  },
  alert: (c) => {
    c.beginPath();
    c.moveTo(12, 5);
    c.lineTo(12, 14);
    c.stroke();
    c.beginPath();
    c.arc(12, 18, 1.5, 0, Math.PI * 2);
    c.fill();
  },
};

/** Dark pictograms on light colours (such as the yellow of drought), white on the others. */
export function foregroundFor(hex: string): string {
  const n = parseInt(hex.replace('#', ''), 16);
  const [r, g, b] = [(n >> 16) & 255, (n >> 8) & 255, n & 255].map((v) => {
    const s = v / 255;
    return s <= 0.03928 ? s / 12.92 : Math.pow((s + 0.055) / 1.055, 2.4);
  });
  const lum = 0.2126 * r + 0.7152 * g + 0.0722 * b;
  return lum > 0.45 ? '#1f2933' : '#ffffff';
}

/** Draws a category symbol of `size` CSS pixels at `ratio` device pixels per CSS pixel. */
export function drawCategoryIcon(color: string, icon: string, size: number, ratio: number): HTMLCanvasElement {
  const canvas = document.createElement('canvas');
  canvas.width = canvas.height = Math.round(size * ratio);
  const c = canvas.getContext('2d')!;
  c.scale((size * ratio) / 24, (size * ratio) / 24);
  c.beginPath();
  c.arc(12, 12, 10.5, 0, Math.PI * 2);
  c.fillStyle = color;
  c.fill();
  c.lineWidth = 1.6;
  c.strokeStyle = '#ffffff';
  c.stroke();
  const fg = foregroundFor(color);
  c.fillStyle = fg;
  c.strokeStyle = fg;
  c.lineWidth = 1.8;
  c.lineCap = 'round';
  c.lineJoin = 'round';
  (PICTOGRAMS[icon] ?? PICTOGRAMS.dot)(c);
  return canvas;
}

/** The symbol as ImageData for map.addImage. */
export function categoryImageData(color: string, icon: string, size: number, ratio: number): ImageData {
  const canvas = drawCategoryIcon(color, icon, size, ratio);
  return canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height);
}

const urlCache = new Map<string, string>();

/** The symbol as a PNG data URL (legend, lists, popups). */
export function categoryIconUrl(color: string, icon: string, size = 18): string {
  const key = `${color}|${icon}|${size}`;
  let url = urlCache.get(key);
  if (!url) {
    url = drawCategoryIcon(color, icon, size, Math.max(2, Math.ceil(window.devicePixelRatio || 1))).toDataURL('image/png');
    urlCache.set(key, url);
  }
  return url;
}
