/** Reads a GeoJSON FeatureCollection (or a single Feature) of areas. */
import { crsFromGeojsonName, reprojectGeometry } from './reproject.ts';
import { decodeUtf8, fileError, type SourceData, type SourceRecord } from './import-types.ts';

/** Parses GeoJSON bytes (UTF-8, with or without BOM) into records; throws ImportError when the file is not usable. */
export function parseGeojson(bytes: Uint8Array, file: string): SourceData {
  const text = decodeUtf8(bytes);
  if (text === null) throw fileError(file, 'the file is not valid UTF-8 text (GeoJSON must be UTF-8)');
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    throw fileError(file, `not valid JSON: ${(e as Error).message}`);
  }
  if (!doc || typeof doc !== 'object' || Array.isArray(doc)) throw fileError(file, 'not a GeoJSON object: expected a FeatureCollection');
  const d = doc as { type?: unknown; features?: unknown; crs?: { properties?: { name?: unknown } } };
  let features: unknown[];
  if (d.type === 'FeatureCollection') {
    if (!Array.isArray(d.features)) throw fileError(file, 'the FeatureCollection has no "features" array');
    features = d.features;
  } else if (d.type === 'Feature') {
    features = [doc];
  } else if (typeof d.type === 'string') {
    throw fileError(file, `a GeoJSON ${d.type} has no attributes: expected a FeatureCollection whose features carry the area code and names`);
  } else {
    throw fileError(file, 'not GeoJSON: the top-level object has no "type" (expected "FeatureCollection")');
  }

  const warnings: string[] = [];
  let transform = null;
  const crsName = d.crs?.properties?.name;
  if (typeof crsName === 'string') {
    try {
      const crs = crsFromGeojsonName(crsName);
      transform = crs.transform;
      if (transform) warnings.push(`coordinates reprojected from ${crs.label} to WGS 84`);
    } catch (e) {
      throw fileError(file, (e as Error).message);
    }
  }

  const fields = new Set<string>();
  const records: SourceRecord[] = features.map((f, i) => {
    const feature = (f && typeof f === 'object' ? f : {}) as { type?: unknown; properties?: unknown; geometry?: unknown };
    const props = feature.properties && typeof feature.properties === 'object' && !Array.isArray(feature.properties)
      ? (feature.properties as Record<string, unknown>)
      : {};
    for (const k of Object.keys(props)) fields.add(k);
    let geometry = feature.type === 'Feature' ? feature.geometry : undefined;
    if (geometry === undefined) geometry = null;
    if (transform && geometry) geometry = reprojectGeometry(geometry, transform);
    const rec: SourceRecord = { file, n: i + 1, props, geometry };
    if (feature.type !== 'Feature') rec.problem = { message: `feature ${i + 1} is not a GeoJSON Feature (type ${JSON.stringify(feature.type ?? null)})` };
    return rec;
  });
  return { format: 'geojson', records, fields: [...fields], warnings };
}
