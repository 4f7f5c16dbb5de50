/**
 * The public board's small script (no React): it only adds to pages that work without it. The
 * GPS button asks the server which sub-district the phone is in; the map loads MapLibre (a large
 * download) only when the browser has WebGL 2, and only after the page has loaded, so the list and
 * the forms never wait for it; without WebGL the map box says the map is not available. The
 * strings come with the page (#board-i18n), in its language.
 */

const strings: Record<string, string> = (() => {
  try {
    return JSON.parse(document.getElementById('board-i18n')?.textContent || '{}');
  } catch {
    return {};
  }
})();
const lang = document.documentElement.lang === 'en' ? 'en' : 'th';
const withLang = (path: string) => (lang === 'en' ? `${path}?lang=en` : path);

function setupGps(): void {
  const button = document.getElementById('board-gps') as HTMLButtonElement | null;
  const message = document.getElementById('board-gps-msg');
  if (!button || !message || !('geolocation' in navigator)) return;
  button.hidden = false;
  const fail = (key: string) => {
    message.textContent = strings[key] ?? '';
    button.disabled = false;
  };
  button.addEventListener('click', () => {
    button.disabled = true;
    message.textContent = strings.boardGpsLocating ?? '';
    navigator.geolocation.getCurrentPosition(async (pos) => {
      try {
        const r = await fetch(`/api/public/areas/locate?lon=${pos.coords.longitude.toFixed(6)}&lat=${pos.coords.latitude.toFixed(6)}`);
        if (!r.ok) return fail('boardGpsFailed');
        const found = (await r.json()) as { item: { code: string } | null };
        if (!found.item) return fail('boardGpsNone');
        location.assign(withLang(`/board/t/${found.item.code}`));
      } catch {
        fail('boardGpsFailed');
      }
    }, (err) => fail(err.code === err.PERMISSION_DENIED ? 'boardGpsDenied' : 'boardGpsFailed'), { enableHighAccuracy: true, timeout: 20000, maximumAge: 60000 });
  });
}

function setupPrint(): void {
  const button = document.getElementById('board-print') as HTMLButtonElement | null;
  if (!button) return;
  button.hidden = false;
  button.addEventListener('click', () => window.print());
}

/** WebGL 2, which MapLibre needs; a phone without it (or with it turned off) gets no map. */
function hasWebGl2(): boolean {
  try {
    return !!document.createElement('canvas').getContext('webgl2');
  } catch {
    return false;
  }
}

function setupMap(): void {
  const box = document.getElementById('board-map');
  const message = document.getElementById('board-map-msg');
  if (!box || !message) return;
  if (!hasWebGl2()) {
    message.textContent = strings.boardMapUnavailable ?? '';
    box.dataset.state = 'unavailable';
    return;
  }
  const start = () => {
    import('./board-map.ts')
      .then((m) => m.showMap(box, strings))
      .catch(() => {
        box.classList.remove('on');
        box.replaceChildren(message);
        message.textContent = strings.boardMapFailed ?? '';
        box.dataset.state = 'failed';
      });
  };
  // After the page (list, forms, fonts) has loaded, when the phone has a moment.
  const later = () => ('requestIdleCallback' in window ? window.requestIdleCallback(start, { timeout: 2000 }) : setTimeout(start, 200));
  if (document.readyState === 'complete') later();
  else window.addEventListener('load', later, { once: true });
}

setupGps();
setupPrint();
setupMap();
