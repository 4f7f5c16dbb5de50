/**
 * Meta routes: GET /api/config, GET /api/basemap/borders.geojson (both without sign-in: the sign-in
 * page shows the map too) and, when BASEMAP_PMTILES is set, the local basemap file with HTTP
 * range requests (what the PMTiles client reads).
 */
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { Type } from '@sinclair/typebox';
import type { App, AppContext } from '../context.ts';
import { notFound } from '../errors.ts';
import { ErrorSchema } from '../schema-common.ts';
import { readBoundaryVersion } from '../tiles/repository.ts';
import { hasDemoAreas, readAreaExtent } from './repository.ts';
import { PMTILES_PATH, basemapConfig, bordersGeoJson, parseByteRange } from './service.ts';

const ConfigSchema = Type.Object({
  basemap: Type.Object({
    type: Type.Union([Type.Literal('none'), Type.Literal('xyz'), Type.Literal('pmtiles')]),
    url: Type.Union([Type.String(), Type.Null()]),
    attribution: Type.Union([Type.String(), Type.Null()]),
  }),
  extent: Type.Union([Type.Tuple([Type.Number(), Type.Number(), Type.Number(), Type.Number()]), Type.Null()]),
  boundaryVersion: Type.Integer(),
  hasDemo: Type.Boolean(),
});

const FeatureCollectionObject = Type.Object(
  {
    type: Type.Literal('FeatureCollection'),
    features: Type.Array(Type.Object({ type: Type.Literal('Feature'), properties: Type.Object({ name: Type.String() }), geometry: Type.Any() })),
  },
  { description: 'Natural Earth 1:50m countries: Thailand and its neighbours' },
);
// The handler sends the collection as ready-made JSON text.
const FeatureCollectionSchema = Type.Unsafe<string>(FeatureCollectionObject);

const Binary = Type.Unsafe<Buffer | NodeJS.ReadableStream>({ type: 'string', format: 'binary' });

/** Registers /api/config, the borders and the PMTiles basemap file. */
export async function metaRoutes(app: App, ctx: AppContext): Promise<void> {
  app.get(
    '/api/config',
    { config: { public: true }, schema: { tags: ['meta'], summary: 'Basemap, extent and boundary version for the map', response: { 200: ConfigSchema } } },
    async (_req, reply) => {
      const [extent, boundaryVersion, hasDemo] = [await readAreaExtent(ctx.db), await readBoundaryVersion(ctx.db), await hasDemoAreas(ctx.db)];
      reply.header('cache-control', 'no-cache');
      return { basemap: basemapConfig(ctx.config), extent, boundaryVersion, hasDemo };
    },
  );

  app.get(
    '/api/basemap/borders.geojson',
    { config: { public: true }, schema: { tags: ['meta'], summary: 'National borders around Thailand (Natural Earth)', response: { 200: FeatureCollectionSchema } } },
    async (_req, reply) => {
      // Already JSON text: sent as it is, not serialised again.
      return reply.header('cache-control', 'public, max-age=86400').type('application/geo+json').send(bordersGeoJson());
    },
  );

  app.get(
    PMTILES_PATH,
    {
      config: { public: true },
      schema: {
        tags: ['meta'],
        summary: 'The local PMTiles basemap (BASEMAP_PMTILES), with HTTP range requests',
        response: { 200: Binary, 206: Binary, 404: ErrorSchema, 416: Type.Null() },
      },
    },
    async (req, reply) => {
      const file = ctx.config.basemapPmtiles;
      if (!file) throw notFound('basemap file (BASEMAP_PMTILES is not set)');
      const st = await stat(file).catch(() => null);
      if (!st?.isFile()) throw notFound(`basemap file ${file}`);
      // A strong ETag: the PMTiles client checks that every range comes from the same file.
      const etag = `"${st.size.toString(16)}-${Math.floor(st.mtimeMs).toString(16)}"`;
      reply
        .header('accept-ranges', 'bytes')
        .header('etag', etag)
        .header('last-modified', st.mtime.toUTCString())
        .header('cache-control', 'public, max-age=3600')
        .type('application/vnd.pmtiles');
      const ifRange = req.headers['if-range'];
      const range = ifRange && ifRange !== etag ? null : parseByteRange(req.headers.range, st.size);
      if (range === 'unsatisfiable') {
        return reply.code(416).header('content-range', `bytes */${st.size}`).send(null);
      }
      if (range) {
        reply.code(206).header('content-range', `bytes ${range.start}-${range.end}/${st.size}`).header('content-length', range.end - range.start + 1);
        return reply.send(createReadStream(file, { start: range.start, end: range.end }));
      }
      reply.header('content-length', st.size);
      return reply.send(createReadStream(file));
    },
  );
}
