/**
 * Vector tiles: GET /tiles/boundaries/{z}/{x}/{y}.mvt (main map), /tiles/subdistricts/{z}/{x}/{y}.mvt
 * (analysis and target maps: sub-districts from z6) and GET /tiles/incidents/{z}/{x}/{y}.mvt.
 *
 * Boundary tiles are public (no sign-in): they hold the administrative boundaries anyone can get
 * from the Interior Ministry, they do not depend on who asks, and so shared caches may keep them
 * (Cache-Control public). Incident tiles need a signed-in user and hold only what that user may
 * see (the need-to-know predicate is part of their SQL).
 */
import { Type } from '@sinclair/typebox';
import type { App, AppContext } from '../context.ts';
import { requireViewer } from '../context.ts';
import { badRequest } from '../errors.ts';
import { ErrorSchema } from '../schema-common.ts';
import { isValidTile } from '../../shared/tile-math.ts';
import { BOUNDARY_SETS, BoundaryTileService, IncidentTileService, type BoundarySet } from './service.ts';

export const MVT_CONTENT_TYPE = 'application/vnd.mapbox-vector-tile';

const TileParams = Type.Object({
  z: Type.Integer({ minimum: 0, maximum: 22 }),
  x: Type.Integer({ minimum: 0 }),
  y: Type.Integer({ minimum: 0 }),
});

const IncidentTileQuery = Type.Object({
  category: Type.Optional(Type.String({ description: 'category codes, comma separated' })),
  period: Type.Optional(Type.String({ description: '2567, 2567Q1 or 2023-10-01..2023-12-31' })),
  area: Type.Optional(Type.String({ description: 'province, district or sub-district code' })),
  status: Type.Optional(Type.String()),
  source: Type.Optional(Type.String()),
  classification: Type.Optional(Type.String()),
});

const MvtBody = Type.Unsafe<Buffer>({ type: 'string', format: 'binary', description: 'Mapbox Vector Tile 2.1' });
const NoBody = Type.Null({ description: 'empty tile (or unchanged, for 304)' });

function checkTile(z: number, x: number, y: number): void {
  if (!isValidTile(z, x, y)) {
    throw badRequest(`tile ${z}/${x}/${y} does not exist: x and y must be below 2^z`, [{ field: 'x', message: `must be below ${2 ** z}` }]);
  }
}

const toBuffer = (u: Uint8Array) => Buffer.from(u.buffer, u.byteOffset, u.byteLength);

/** Registers the tile routes; the caches they use live as long as the app. */
export async function tileRoutes(app: App, ctx: AppContext): Promise<void> {
  const incidents = new IncidentTileService(ctx.db);

  const summaries: Record<BoundarySet, string> = {
    boundaries: 'Boundary tile of the main map: layers province, district (z >= 7), subdistrict (z >= 9), village (z >= 12)',
    subdistricts: 'Boundary tile of the analysis and target maps: layers province, district and subdistrict (z >= 6), village (z >= 12)',
  };
  for (const set of Object.keys(BOUNDARY_SETS) as BoundarySet[]) {
    const boundaries = new BoundaryTileService(ctx.db, set);
    app.get(
      `/tiles/${set}/:z/:x/:y.mvt`,
      {
        config: { public: true },
        schema: {
          tags: ['tiles'],
          summary: summaries[set],
          params: TileParams,
          response: { 200: MvtBody, 204: NoBody, 304: NoBody, 400: ErrorSchema },
        },
      },
      async (req, reply) => {
        const { z, x, y } = req.params;
        checkTile(z, x, y);
        const { version, data } = await boundaries.tile(z, x, y);
        const etag = `"b${version}"`;
        reply.header('cache-control', 'public, max-age=3600').header('etag', etag);
        const match = req.headers['if-none-match'];
        if (match && match.split(',').some((t) => t.trim().replace(/^W\//, '') === etag)) return reply.code(304).send(null);
        if (data.byteLength === 0) return reply.code(204).send(null);
        return reply.type(MVT_CONTENT_TYPE).send(toBuffer(data));
      },
    );
  }

  app.get(
    '/tiles/incidents/:z/:x/:y.mvt',
    {
      schema: {
        tags: ['tiles'],
        summary: 'Incident tile: grid cells with counts below z13, single incidents from z13 (signed-in)',
        params: TileParams,
        querystring: IncidentTileQuery,
        response: { 200: MvtBody, 204: NoBody, 400: ErrorSchema, 401: ErrorSchema },
      },
    },
    async (req, reply) => {
      const viewer = requireViewer(req);
      const { z, x, y } = req.params;
      checkTile(z, x, y);
      const filters = await incidents.parseFilters(req.query);
      const data = await incidents.tile(viewer, filters, z, x, y);
      reply.header('cache-control', 'private, max-age=60');
      if (!data) return reply.code(204).send(null);
      return reply.type(MVT_CONTENT_TYPE).send(toBuffer(data));
    },
  );
}
