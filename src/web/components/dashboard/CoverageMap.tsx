/**
 * The target areas coloured by how many projects reach them, over the sub-district boundary tiles
 * (the analysis maps' tile set, so the whole province is drawn from zoom 6): blues for one, two to
 * three and four or more projects; the gaps (target areas without a project) in red with white
 * hatching and a dark outline, so they stand out on screen, in grey print and to colour-blind
 * readers; areas that are not targets stay neutral, and everything outside the area drilled into
 * is veiled. Clicking a sub-district drills down. Colours travel as feature state (id = the
 * numeric area code), the gaps' hatching as a filter (fill-pattern cannot read feature state).
 *
 * For printing, the map keeps its drawing buffer and copies each finished frame into an <img>
 * that the print style shows instead of the WebGL canvas. Without WebGL the map says so and the
 * page still has the gap list and the tables.
 */
import { useEffect, useRef, useState } from 'react';
import { Map as MlMap, NavigationControl, setWorkerUrl, type ExpressionSpecification, type FilterSpecification } from 'maplibre-gl';
import workerUrl from 'maplibre-gl/dist/maplibre-gl-worker.mjs?url';
import 'maplibre-gl/dist/maplibre-gl.css';
import type { Area, Bbox } from '../../api.ts';
import type { DashboardTargetArea } from '../../../shared/dashboard-types.ts';
import { useApi } from '../../hooks.ts';
import { useI18n } from '../../i18n.tsx';
import { useSession } from '../../session.tsx';
import { boundaryTileUrl, COLORS } from '../../map/map-style.ts';
import { mapCoverage } from './dashboard-logic.ts';

setWorkerUrl(workerUrl);

/** Class 0 is the gap; 1, 2 and 3 are one, two to three, and four or more projects. */
export const COVERAGE_COLORS = ['#c62828', '#9ecae1', '#4292c6', '#08457e'] as const;
export const GAP_OUTLINE = '#5c0a0a';

const MIN_ZOOM = 6;
const SRC = 'boundaries';
const SUB = 'subdistrict';

const code: ExpressionSpecification = ['to-string', ['get', 'code']];

function fillColor(): ExpressionSpecification {
  return ['match', ['coalesce', ['feature-state', 'c'], -1], ...COVERAGE_COLORS.flatMap((c, k) => [k, c]), 'rgba(0,0,0,0)'] as unknown as ExpressionSpecification;
}

/** White diagonal stripes on transparent, drawn on a canvas (the style has no sprite). */
function hatchImage(): { width: number; height: number; data: Uint8Array } | null {
  const size = 16;
  const c = document.createElement('canvas');
  c.width = size;
  c.height = size;
  const g = c.getContext('2d');
  if (!g) return null;
  g.strokeStyle = 'rgba(255,255,255,0.9)';
  g.lineWidth = 3;
  g.beginPath();
  for (const o of [-size, 0, size]) {
    g.moveTo(o, size);
    g.lineTo(o + size, 0);
  }
  g.stroke();
  return { width: size, height: size, data: new Uint8Array(g.getImageData(0, 0, size, size).data.buffer) };
}

declare global {
  interface Window {
    __comapDashboardMap?: unknown;
  }
}

export function CoverageMap(props: {
  /** The province, district or sub-district shown. */
  areaCode: string;
  targetAreas: DashboardTargetArea[];
  /** A sub-district was clicked. */
  onPick(subdistrictCode: string): void;
}) {
  const { areaCode, targetAreas, onPick } = props;
  const { t } = useI18n();
  const { config } = useSession();
  const area = useApi<Area>(`/api/areas/${areaCode}`);
  const bbox: Bbox | null = area.data?.code === areaCode ? area.data.bbox : null;
  const el = useRef<HTMLDivElement>(null);
  const img = useRef<HTMLImageElement>(null);
  const mapRef = useRef<MlMap | null>(null);
  const readyRef = useRef(false);
  const [failed, setFailed] = useState(false);
  const onPickRef = useRef(onPick);
  onPickRef.current = onPick;
  const bboxRef = useRef<Bbox | null>(bbox);
  bboxRef.current = bbox;
  const paintRef = useRef<() => void>(() => undefined);

  useEffect(() => {
    let map: MlMap;
    try {
      map = new MlMap({
        container: el.current!,
        minZoom: MIN_ZOOM,
        center: [103.9, 14.75],
        zoom: 8,
        attributionControl: false,
        // Kept so that a finished frame can be copied into the printable image.
        canvasContextAttributes: { preserveDrawingBuffer: true },
        style: {
          version: 8,
          sources: { [SRC]: { type: 'vector', tiles: [boundaryTileUrl(location.origin, config.boundaryVersion, 'subdistricts')], minzoom: MIN_ZOOM, maxzoom: 14 } },
          layers: [
            { id: 'background', type: 'background', paint: { 'background-color': COLORS.thailand } },
            { id: 'cov-fill', type: 'fill', source: SRC, 'source-layer': SUB, paint: { 'fill-color': fillColor(), 'fill-opacity': 0.9 } },
            { id: 'cov-hatch', type: 'fill', source: SRC, 'source-layer': SUB, filter: ['==', code, '-'], paint: { 'fill-pattern': 'gap-hatch' } },
            { id: 'cov-line', type: 'line', source: SRC, 'source-layer': SUB, paint: { 'line-color': COLORS.subdistrict, 'line-width': 0.6 } },
            {
              id: 'cov-gap-line',
              type: 'line',
              source: SRC,
              'source-layer': SUB,
              paint: { 'line-color': GAP_OUTLINE, 'line-width': ['case', ['boolean', ['feature-state', 'g'], false], 2.2, 0] },
            },
            {
              id: 'cov-village-line',
              type: 'line',
              source: SRC,
              'source-layer': SUB,
              paint: { 'line-color': '#102a43', 'line-dasharray': [2, 1.5], 'line-width': ['case', ['boolean', ['feature-state', 'v'], false], 1.6, 0] },
            },
            { id: 'cov-mask', type: 'fill', source: SRC, 'source-layer': SUB, filter: ['==', code, '-'], paint: { 'fill-color': '#ffffff', 'fill-opacity': 0.72 } },
            { id: 'cov-district', type: 'line', source: SRC, 'source-layer': 'district', paint: { 'line-color': COLORS.district, 'line-width': 1.3 } },
            { id: 'cov-focus-d', type: 'line', source: SRC, 'source-layer': 'district', filter: ['==', code, '-'], paint: { 'line-color': COLORS.highlight, 'line-width': 3 } },
            { id: 'cov-focus-s', type: 'line', source: SRC, 'source-layer': SUB, filter: ['==', code, '-'], paint: { 'line-color': COLORS.highlight, 'line-width': 3 } },
          ],
        },
      });
    } catch {
      // MapLibre throws when the browser gives it no WebGL context.
      setFailed(true);
      return;
    }
    map.addControl(new NavigationControl({ showCompass: false }), 'top-right');
    // The hatching is asked for when the gap layer first draws, which may be before 'load'.
    map.setMissingStyleImageResolver((id) => {
      const hatch = id === 'gap-hatch' && !map.hasImage(id) ? hatchImage() : null;
      if (hatch) map.addImage(id, hatch, { pixelRatio: 2 });
    });
    map.on('load', () => {
      readyRef.current = true;
      paintRef.current();
      const b = bboxRef.current;
      if (b) map.fitBounds([[b[0], b[1]], [b[2], b[3]]], { padding: 16, animate: false });
    });
    map.on('idle', () => {
      try {
        if (img.current) img.current.src = map.getCanvas().toDataURL('image/png');
      } catch {
        // A tainted or lost canvas: the screen map still works, the printout shows no map.
      }
    });
    map.on('click', 'cov-fill', (e) => {
      const c = e.features?.[0]?.properties?.code;
      if (c !== undefined && c !== null) onPickRef.current(String(c).padStart(6, '0'));
    });
    map.on('mouseenter', 'cov-fill', () => (map.getCanvas().style.cursor = 'pointer'));
    map.on('mouseleave', 'cov-fill', () => (map.getCanvas().style.cursor = ''));
    // The grid and full screen change the container's size: follow it and refit the area.
    const observer = new ResizeObserver(() => {
      map.resize();
      const b = bboxRef.current;
      if (b && readyRef.current) map.fitBounds([[b[0], b[1]], [b[2], b[3]]], { padding: 16, animate: false });
    });
    observer.observe(el.current!);
    mapRef.current = map;
    if (window.__COMAP_TEST__) window.__comapDashboardMap = map;
    return () => {
      observer.disconnect();
      readyRef.current = false;
      mapRef.current = null;
      map.remove();
    };
  }, [config.boundaryVersion]);

  paintRef.current = () => {
    const map = mapRef.current;
    if (!map || !readyRef.current) return;
    const { classes, villagesOnly } = mapCoverage(targetAreas);
    map.removeFeatureState({ source: SRC, sourceLayer: SUB });
    const gaps: string[] = [];
    for (const [c, k] of classes) {
      if (k === 0) gaps.push(c);
      map.setFeatureState({ source: SRC, sourceLayer: SUB, id: Number(c) }, { c: k, g: k === 0, v: villagesOnly.has(c) });
    }
    map.setFilter('cov-hatch', ['in', code, ['literal', gaps]] as FilterSpecification);
    map.setFilter('cov-mask', ['!=', ['slice', code, 0, areaCode.length], areaCode] as FilterSpecification);
    map.setFilter('cov-focus-d', ['==', code, areaCode.length === 4 ? areaCode : '-'] as FilterSpecification);
    map.setFilter('cov-focus-s', ['==', code, areaCode.length === 6 ? areaCode : '-'] as FilterSpecification);
  };
  useEffect(() => paintRef.current(), [targetAreas, areaCode]);

  useEffect(() => {
    const map = mapRef.current;
    if (!map || !bbox || !readyRef.current) return;
    map.fitBounds([[bbox[0], bbox[1]], [bbox[2], bbox[3]]], { padding: 16, duration: 500 });
  }, [bbox]);

  const hasVillageOnly = mapCoverage(targetAreas).villagesOnly.size > 0;

  return (
    <div className="dash-map-wrap">
      {failed ? (
        <div className="dash-map-failed" role="note">
          {t('dashboardMapFailed')}
        </div>
      ) : (
        <>
          <div ref={el} className="dash-map" role="region" aria-label={t('dashboardMapLabel')} />
          <img ref={img} className="dash-map-print" alt={t('dashboardMapLabel')} />
          <p className="muted small no-print">{t('dashboardMapHint')}</p>
        </>
      )}
      <ul className="dash-legend dash-map-legend" aria-label={t('dashboardLegend')}>
        <li>
          <span className="dash-swatch dash-swatch-gap" aria-hidden="true" /> {t('dashboardLegendGap')}
        </li>
        <li>
          <span className="dash-swatch" style={{ background: COVERAGE_COLORS[1] }} aria-hidden="true" /> {t('dashboardLegend1')}
        </li>
        <li>
          <span className="dash-swatch" style={{ background: COVERAGE_COLORS[2] }} aria-hidden="true" /> {t('dashboardLegend2')}
        </li>
        <li>
          <span className="dash-swatch" style={{ background: COVERAGE_COLORS[3] }} aria-hidden="true" /> {t('dashboardLegend3')}
        </li>
        <li>
          <span className="dash-swatch" style={{ background: COLORS.thailand }} aria-hidden="true" /> {t('dashboardLegendOther')}
        </li>
        {hasVillageOnly && (
          <li>
            <span className="dash-swatch dash-swatch-village" aria-hidden="true" /> {t('dashboardLegendVillages')}
          </li>
        )}
      </ul>
    </div>
  );
}
