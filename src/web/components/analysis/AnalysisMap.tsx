/**
 * The analysis map: the sub-district boundary tiles coloured through feature state (id = the
 * numeric area code) by score class or Gi* class. Like the main map it has no text layer, so
 * MapLibre never asks for glyphs.
 */
import { useEffect, useRef } from 'react';
import { Map as MlMap, NavigationControl, setWorkerUrl, type ExpressionSpecification } from 'maplibre-gl';
import workerUrl from 'maplibre-gl/dist/maplibre-gl-worker.mjs?url';
import 'maplibre-gl/dist/maplibre-gl.css';
import type { Bbox } from '../../api.ts';
import { boundaryTileUrl, COLORS } from '../../map/map-style.ts';
import { GI_COLORS, giClass, MORAN_COLORS, moranClass, SCORE_COLORS, scoreClass, TARGET_COLOR } from './analysis-colors.ts';
import type { RunScores } from '../../../shared/api-types.ts';
export type { RunScores } from '../../../shared/api-types.ts';

setWorkerUrl(workerUrl);

declare global {
  interface Window {
    __comapAnalysisMap?: unknown;
  }
}


export type ColourBy = 'score' | 'gi' | 'moran';

// Sub-districts are in the boundary tiles from zoom 6 (src/server/tiles/service.ts): enough for
// the largest province, and the map never zooms out further.
const SUB_MIN_ZOOM = 6;

function fillColor(colourBy: ColourBy): ExpressionSpecification {
  const colors: readonly string[] = colourBy === 'score' ? SCORE_COLORS : colourBy === 'gi' ? GI_COLORS : MORAN_COLORS;
  const pairs = colors.flatMap((c, i) => [i, c]);
  return ['match', ['coalesce', ['feature-state', 'c'], -1], ...pairs, 'rgba(0,0,0,0)'] as unknown as ExpressionSpecification;
}

export function AnalysisMap(props: {
  boundaryVersion: number;
  bbox: Bbox | null;
  scores: RunScores | null;
  colourBy: ColourBy;
  selected: string | null;
  /** Codes of the areas in the current target list of that province and year: outlined. */
  targets: string[];
  /** The extent of an area chosen in the table: the map shows it. */
  focus: Bbox | null;
  onSelect(code: string): void;
  label: string;
}) {
  const { boundaryVersion, bbox, scores, colourBy, selected, targets, focus, onSelect, label } = props;
  const el = useRef<HTMLDivElement>(null);
  const mapRef = useRef<MlMap | null>(null);
  const readyRef = useRef(false);
  const onSelectRef = useRef(onSelect);
  onSelectRef.current = onSelect;
  const paintRef = useRef<() => void>(() => undefined);
  // What a resize refits: the chosen area if any, else the province.
  const bboxRef = useRef<Bbox | null>(bbox);
  bboxRef.current = focus ?? bbox;

  useEffect(() => {
    const origin = location.origin;
    const map = new MlMap({
      container: el.current!,
      minZoom: SUB_MIN_ZOOM,
      center: [103.5, 14.9],
      zoom: SUB_MIN_ZOOM,
      attributionControl: false,
      style: {
        version: 8,
        sources: {
          boundaries: { type: 'vector', tiles: [boundaryTileUrl(origin, boundaryVersion, 'subdistricts')], minzoom: SUB_MIN_ZOOM, maxzoom: 14 },
        },
        layers: [
          { id: 'background', type: 'background', paint: { 'background-color': COLORS.thailand } },
          { id: 'analysis-fill', type: 'fill', source: 'boundaries', 'source-layer': 'subdistrict', paint: { 'fill-color': fillColor('score'), 'fill-opacity': 0.85 } },
          { id: 'analysis-line', type: 'line', source: 'boundaries', 'source-layer': 'subdistrict', paint: { 'line-color': COLORS.subdistrict, 'line-width': 0.6 } },
          {
            id: 'analysis-target',
            type: 'line',
            source: 'boundaries',
            'source-layer': 'subdistrict',
            paint: {
              'line-color': TARGET_COLOR,
              'line-width': ['case', ['boolean', ['feature-state', 't'], false], 2.5, 0],
              'line-dasharray': [2, 1],
            },
          },
          {
            id: 'analysis-selected',
            type: 'line',
            source: 'boundaries',
            'source-layer': 'subdistrict',
            paint: { 'line-color': COLORS.highlight, 'line-width': ['case', ['boolean', ['feature-state', 'sel'], false], 3, 0] },
          },
          { id: 'analysis-district', type: 'line', source: 'boundaries', 'source-layer': 'district', paint: { 'line-color': COLORS.district, 'line-width': 1.2 } },
        ],
      },
    });
    map.addControl(new NavigationControl({ showCompass: false }), 'top-right');
    map.on('load', () => {
      readyRef.current = true;
      paintRef.current();
    });
    map.on('click', 'analysis-fill', (e) => {
      const code = e.features?.[0]?.properties?.code;
      if (typeof code === 'string') onSelectRef.current(code);
      else if (typeof code === 'number') onSelectRef.current(String(code).padStart(6, '0'));
    });
    map.on('mouseenter', 'analysis-fill', () => (map.getCanvas().style.cursor = 'pointer'));
    map.on('mouseleave', 'analysis-fill', () => (map.getCanvas().style.cursor = ''));
    // The grid settles its column widths after the map is created: follow the container and
    // fit the province again, or the canvas keeps its first size.
    const observer = new ResizeObserver(() => {
      map.resize();
      const b = bboxRef.current;
      if (b && readyRef.current) map.fitBounds([[b[0], b[1]], [b[2], b[3]]], { padding: 20, maxZoom: 10, animate: false });
    });
    observer.observe(el.current!);
    mapRef.current = map;
    if (window.__COMAP_TEST__) window.__comapAnalysisMap = map;
    return () => {
      observer.disconnect();
      readyRef.current = false;
      mapRef.current = null;
      map.remove();
    };
  }, [boundaryVersion]);

  paintRef.current = () => {
    const map = mapRef.current;
    if (!map || !readyRef.current) return;
    map.setPaintProperty('analysis-fill', 'fill-color', fillColor(colourBy));
    map.removeFeatureState({ source: 'boundaries', sourceLayer: 'subdistrict' });
    if (scores) {
      let min = Infinity;
      let max = -Infinity;
      for (const s of scores.scores) {
        if (s < min) min = s;
        if (s > max) max = s;
      }
      scores.codes.forEach((code, k) => {
        const c =
          colourBy === 'score' ? scoreClass(scores.scores[k], min, max)
          : colourBy === 'gi' ? giClass(scores.hotspotZ[k])
          : moranClass(scores.moranCluster?.[k]);
        map.setFeatureState({ source: 'boundaries', sourceLayer: 'subdistrict', id: Number(code) }, { c, sel: code === selected });
      });
    }
    for (const code of targets) map.setFeatureState({ source: 'boundaries', sourceLayer: 'subdistrict', id: Number(code) }, { t: true });
  };

  useEffect(() => paintRef.current(), [scores, colourBy, selected, targets]);

  useEffect(() => {
    const map = mapRef.current;
    if (!map || !bbox) return;
    const fit = () => map.fitBounds([[bbox[0], bbox[1]], [bbox[2], bbox[3]]], { padding: 20, animate: false });
    if (readyRef.current) fit();
    else map.once('load', fit);
  }, [bbox]);

  useEffect(() => {
    const map = mapRef.current;
    if (!map || !focus || !readyRef.current) return;
    map.fitBounds([[focus[0], focus[1]], [focus[2], focus[3]]], { padding: 80, maxZoom: 10, duration: 400 });
  }, [focus]);

  return <div ref={el} className="analysis-map" role="region" aria-label={label} />;
}
