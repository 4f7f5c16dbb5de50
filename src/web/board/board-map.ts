/**
 * The board's map, loaded on demand by board.ts: MapLibre over the sub-district's outline, its
 * villages (those a project targets stronger) and the projects' own geometries, from the page's
 * map.geojson. An XYZ basemap is drawn under them when the administrator configured one (the page
 * says which); otherwise a plain background, so no outside host is asked. No text layer, so no
 * glyphs are fetched either.
 */
import { Map as MlMap, Popup, setWorkerUrl, type GeoJSONSourceSpecification, type LayerSpecification, type MapLayerMouseEvent, type StyleSpecification } from 'maplibre-gl';
import workerUrl from 'maplibre-gl/dist/maplibre-gl-worker.mjs?url';
import 'maplibre-gl/dist/maplibre-gl.css';

// The build writes this URL relative to the chunk (vite.config.ts), so it is the board's
// compressed copy under /board/assets/ when the board loads the map.
setWorkerUrl(workerUrl);

declare global {
  interface Window {
    /** The board's map, for browser tests. */
    __boardMap?: MlMap;
  }
}

function style(data: GeoJSONSourceSpecification['data'], tiles: string | undefined, attribution: string | undefined): StyleSpecification {
  const layers: LayerSpecification[] = [{ id: 'bg', type: 'background', paint: { 'background-color': '#eef2f5' } }];
  const sources: StyleSpecification['sources'] = { board: { type: 'geojson', data } };
  if (tiles) {
    sources.basemap = { type: 'raster', tiles: [tiles], tileSize: 256, attribution: attribution || undefined };
    layers.push({ id: 'basemap', type: 'raster', source: 'basemap' });
  }
  const kind = (k: string) => ['==', ['get', 'kind'], k] as const;
  layers.push(
    { id: 'area-fill', type: 'fill', source: 'board', filter: kind('subdistrict') as never, paint: { 'fill-color': '#0b5cad', 'fill-opacity': 0.08 } },
    { id: 'area-line', type: 'line', source: 'board', filter: kind('subdistrict') as never, paint: { 'line-color': '#0b5cad', 'line-width': 2 } },
    { id: 'project-fill', type: 'fill', source: 'board', filter: ['all', kind('project'), ['==', ['geometry-type'], 'Polygon']] as never, paint: { 'fill-color': '#b3261e', 'fill-opacity': 0.25 } },
    { id: 'project-line', type: 'line', source: 'board', filter: ['all', kind('project'), ['!=', ['geometry-type'], 'Point']] as never, paint: { 'line-color': '#b3261e', 'line-width': 3 } },
    {
      id: 'village', type: 'circle', source: 'board', filter: kind('village') as never,
      paint: {
        'circle-radius': ['case', ['get', 'target'], 6, 4], 'circle-color': ['case', ['get', 'target'], '#d9a400', '#7b8794'],
        'circle-stroke-color': '#ffffff', 'circle-stroke-width': 1.5,
      },
    },
    {
      id: 'project-point', type: 'circle', source: 'board', filter: ['all', kind('project'), ['==', ['geometry-type'], 'Point']] as never,
      paint: { 'circle-radius': 7, 'circle-color': '#b3261e', 'circle-stroke-color': '#ffffff', 'circle-stroke-width': 2 },
    },
  );
  return { version: 8, sources, layers };
}

/** Replaces the map box's message with the map. */
export async function showMap(box: HTMLElement, strings: Record<string, string>): Promise<void> {
  const res = await fetch(box.dataset.src!);
  if (!res.ok) throw new Error(`map data: HTTP ${res.status}`);
  const data = (await res.json()) as GeoJSONSourceSpecification['data'];
  const [w, s, e, n] = (box.dataset.bbox ?? '').split(',').map(Number);
  box.replaceChildren();
  box.classList.add('on');
  const map = new MlMap({
    container: box,
    style: style(data, box.dataset.tiles, box.dataset.attribution),
    bounds: [[w, s], [e, n]],
    fitBoundsOptions: { padding: 16 },
    attributionControl: box.dataset.tiles ? { compact: true } : false,
    dragRotate: false,
    pitchWithRotate: false,
    // One finger scrolls the page, two move the map: the map sits in the middle of a long page.
    cooperativeGestures: true,
    locale: {
      'CooperativeGesturesHandler.MobileHelpText': strings.boardMapTwoFingers ?? '',
      'CooperativeGesturesHandler.WindowsHelpText': strings.boardMapCtrlScroll ?? '',
      'CooperativeGesturesHandler.MacHelpText': strings.boardMapCmdScroll ?? '',
    },
  });
  map.touchZoomRotate.disableRotation();
  window.__boardMap = map;
  map.on('load', () => {
    box.dataset.state = 'ready';
  });
  const open = (ev: MapLayerMouseEvent) => {
    const f = ev.features?.[0];
    const id = Number(f?.properties?.id);
    if (!f || !Number.isInteger(id)) return;
    const a = document.createElement('a');
    a.href = `${box.dataset.base}/p/${id}${document.documentElement.lang === 'en' ? '?lang=en' : ''}`;
    // Text, never markup: the title is the agency's words.
    a.textContent = String(f.properties.title ?? strings.boardMapOpenProject ?? '');
    new Popup({ closeButton: true, maxWidth: '260px' }).setLngLat(ev.lngLat).setDOMContent(a).addTo(map);
  };
  for (const layer of ['project-line', 'project-fill', 'project-point']) {
    map.on('click', layer, open);
    map.on('mouseenter', layer, () => (map.getCanvas().style.cursor = 'pointer'));
    map.on('mouseleave', layer, () => (map.getCanvas().style.cursor = ''));
  }
}
