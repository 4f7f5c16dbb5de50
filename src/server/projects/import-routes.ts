/** HTTP API of project import and export (XLSX and CSV): /api/projects/import, /api/projects/import/template.*, /api/projects/export.*. */
import { Type } from '@sinclair/typebox';
import type { FastifyRequest } from 'fastify';
import type { App, AppContext } from '../context.ts';
import { requireRole, requireViewer } from '../context.ts';
import { badRequest, tooLarge } from '../errors.ts';
import { errorResponses } from '../schema-common.ts';
import type { Viewer } from '../auth/viewer.ts';
import type { Queryable } from '../db/database.ts';
import { fiscalYearOf } from '../../shared/fiscal.ts';
import { PROJECT_STATUSES, type ProjectStatus } from '../../shared/project-types.ts';
import { STATUS_TH } from './import-columns.ts';
import { detectProjectFormat, PROJECT_FILE_EXTENSIONS } from './import-parsers.ts';
import { importProjects, PROJECT_IMPORTERS } from './import-service.ts';
import * as repo from './import-repository.ts';
import { listProjects } from './service.ts';
import { exportFileName, projectsCsv, projectsXlsx, templateCsv, templateXlsx, type CategoryLabel, type TemplateExample } from './export.ts';

/** Largest project file accepted: 20,000 rows of XLSX take a few megabytes. */
export const PROJECT_FILE_MAX_MB = 50;
/** Projects written in one export at most (beyond this, filter by year or agency). */
export const EXPORT_MAX_ROWS = 50_000;

const ImportReportSchema = Type.Object({
  file: Type.String(),
  format: Type.Union([Type.Literal('csv'), Type.Literal('xlsx')]),
  sheet: Type.Union([Type.String(), Type.Null()]),
  rows: Type.Integer(),
  inserted: Type.Integer({ description: 'projects created (or that would be, on a dry run)' }),
  updated: Type.Integer({ description: 'projects updated by their reference (or that would be, on a dry run)' }),
  dryRun: Type.Boolean(),
  ids: Type.Array(Type.Integer()),
  ignoredColumns: Type.Array(Type.String(), { description: 'export-only columns of the file, which the import does not read' }),
  importRun: Type.Union([Type.Integer(), Type.Null()]),
});

/** The filters of GET /api/projects, for the exports. */
const ExportQuery = Type.Object({
  fy: Type.Optional(Type.Integer({ minimum: 2500, maximum: 2700, description: 'Buddhist Era fiscal year' })),
  province: Type.Optional(Type.String({ pattern: '^[0-9]{2}$' })),
  agency: Type.Optional(Type.String({ maxLength: 64, description: 'agency id or code' })),
  status: Type.Optional(Type.Union(PROJECT_STATUSES.map((s) => Type.Literal(s)))),
  category: Type.Optional(Type.String({ maxLength: 64 })),
  area: Type.Optional(Type.String({ pattern: '^[0-9]{2,8}$', description: 'area code prefix' })),
  q: Type.Optional(Type.String({ maxLength: 200 })),
  seeking: Type.Optional(Type.Boolean()),
  late: Type.Optional(Type.Boolean({ description: 'true: projects with a report due and missing now; false: none missing' })),
  inTargets: Type.Optional(Type.Boolean({ description: 'true: with an area in the declared target list of the project\'s fiscal year; false: without' })),
});
type ExportFilters = {
  fy?: number; province?: string; agency?: string; status?: ProjectStatus; category?: string; area?: string; q?: string;
  seeking?: boolean; late?: boolean; inTargets?: boolean;
};

const FileResponse = (description: string) => ({ 200: Type.Unknown({ description }), ...errorResponses });
const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** Reads the one file of a multipart upload into memory, refusing more than the limit. */
async function uploadedFile(req: FastifyRequest, maxMb: number): Promise<{ name: string; content: Buffer }> {
  if (!req.isMultipart()) throw badRequest('send the file as multipart/form-data in a field named "file"');
  const part = await req.file();
  if (!part) throw badRequest('no file in the upload: send it in a field named "file"');
  if (!detectProjectFormat(part.filename)) {
    part.file.resume();
    throw badRequest(`${part.filename}: unsupported file type; COMAP imports projects from ${PROJECT_FILE_EXTENSIONS.join(' or ')} files`, [
      { file: part.filename, message: `unsupported file type (use ${PROJECT_FILE_EXTENSIONS.join(' or ')})` },
    ]);
  }
  const limit = maxMb * 1024 * 1024;
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of part.file) {
    size += chunk.length;
    if (size > limit) {
      part.file.resume();
      throw tooLarge(`the file is larger than the limit of ${maxMb} MB for a project file`);
    }
    chunks.push(chunk);
  }
  if (part.file.truncated) throw tooLarge(`the file is larger than the upload limit`);
  return { name: part.filename, content: Buffer.concat(chunks) };
}

async function categoryLabels(db: Queryable): Promise<CategoryLabel[]> {
  return (await repo.allCategories(db)).filter((c) => c.active).map((c) => ({ code: c.code, labelTh: c.label_th }));
}

/** An example that imports as it is for this user: their agency, an area of their scope, this fiscal year. */
async function templateExample(db: Queryable, viewer: Viewer): Promise<{ example: TemplateExample; agencies: repo.AgencyEntry[]; categories: CategoryLabel[] }> {
  const agencies = (await repo.allAgencies(db)).filter((a) => a.active);
  const categories = await categoryLabels(db);
  const own = agencies.find((a) => a.id === viewer.agencyId);
  const area = await repo.exampleSubdistrict(db, viewer.areaCodes);
  const preferred = ['drought', 'flood'].map((c) => categories.find((x) => x.code === c)).filter((c): c is CategoryLabel => !!c);
  const cats = (preferred.length ? preferred : categories.slice(0, 1)).map((c) => c.labelTh);
  return {
    example: { agencyCode: own?.code ?? agencies[0]?.code ?? 'police-32', fiscalYear: fiscalYearOf(new Date()), areaCodes: [area ?? '320101'], categories: cats },
    agencies,
    categories,
  };
}

/** The export's filters as listProjects takes them, and as the information sheet shows them. */
async function exportFilters(db: Queryable, q: ExportFilters): Promise<{ filter: Parameters<typeof listProjects>[2]; shown: Array<[string, string]> }> {
  const shown: Array<[string, string]> = [];
  let agencyId: number | undefined;
  const wanted = q.agency;
  if (wanted) {
    const agencies = await repo.allAgencies(db);
    const a = /^[0-9]+$/.test(wanted) ? agencies.find((x) => x.id === Number(wanted)) : agencies.find((x) => x.code === wanted.toLowerCase());
    if (!a) throw badRequest(`unknown agency "${wanted}"`, [{ field: 'agency', message: 'no such agency' }]);
    agencyId = a.id;
    shown.push(['หน่วยงาน', `${a.name_th} (${a.code})`]);
  }
  if (q.fy) shown.push(['ปีงบประมาณ', String(q.fy)]);
  if (q.province) shown.push(['จังหวัด (รหัส)', q.province]);
  if (q.status) shown.push(['สถานะ', STATUS_TH[q.status]]);
  if (q.category) shown.push(['ประเด็นปัญหา', q.category]);
  if (q.area) shown.push(['พื้นที่ (รหัส)', q.area]);
  if (q.q) shown.push(['ค้นหา', q.q]);
  if (q.seeking != null) shown.push(['ต้องการการสนับสนุน', q.seeking ? 'ใช่' : 'ไม่ใช่']);
  if (q.late != null) shown.push(['รายงานความก้าวหน้าค้างส่ง', q.late ? 'มี' : 'ไม่มี']);
  if (q.inTargets != null) shown.push(['อยู่ในบัญชีพื้นที่เป้าหมาย', q.inTargets ? 'ใช่' : 'ไม่ใช่']);
  return {
    filter: {
      fiscalYear: q.fy, province: q.province, agencyId, status: q.status, category: q.category?.trim() || undefined, area: q.area,
      q: q.q?.trim() || undefined, seeking: q.seeking, late: q.late, inTargets: q.inTargets, limit: EXPORT_MAX_ROWS + 1, offset: 0,
    },
    shown,
  };
}

async function exportedProjects(db: Queryable, viewer: Viewer, q: ExportFilters) {
  const { filter, shown } = await exportFilters(db, q);
  const page = await listProjects(db, viewer, filter);
  if (page.total > EXPORT_MAX_ROWS) {
    throw badRequest(`${page.total} projects match: an export holds at most ${EXPORT_MAX_ROWS}; choose a fiscal year, an agency or an area`);
  }
  return { projects: page.items, shown };
}

/** Registers the project import, its templates and the project exports. */
export async function projectImportRoutes(app: App, { db, config }: AppContext): Promise<void> {
  const tags = ['projects'];

  app.post('/api/projects/import', {
    schema: {
      tags,
      description:
        'Imports projects from one .xlsx or .csv file (multipart field "file"), all or nothing: any problem gives a 422 listing every row and column, and nothing is stored. '
        + 'Rows with a known รหัสโครงการ (external_id) update that project. dryRun=true checks only and counts what would be created and updated.',
      consumes: ['multipart/form-data'],
      querystring: Type.Object({ dryRun: Type.Optional(Type.Boolean({ default: false })) }),
      response: { 200: ImportReportSchema, ...errorResponses },
    },
  }, async (req) => {
    const viewer = requireRole(req, PROJECT_IMPORTERS);
    const file = await uploadedFile(req, Math.min(PROJECT_FILE_MAX_MB, config.maxUploadMb));
    return importProjects(db, viewer, file, { dryRun: req.query.dryRun === true });
  });

  app.get('/api/projects/import/template.xlsx', {
    schema: { tags, description: 'The import template: Thai headers, an example row, a sheet explaining every column and its allowed values.', response: FileResponse('an XLSX workbook') },
  }, async (req, reply) => {
    const t = await templateExample(db, requireViewer(req));
    const body = await templateXlsx(t.example, t.categories, t.agencies.map((a) => ({ code: a.code, nameTh: a.name_th })));
    return reply.header('content-type', XLSX_TYPE).header('content-disposition', 'attachment; filename="projects-template.xlsx"').send(body);
  });

  app.get('/api/projects/import/template.csv', {
    schema: { tags, description: 'The import template as CSV (UTF-8 with BOM): Thai headers and an example row.', response: FileResponse('a CSV file') },
  }, async (req, reply) => {
    const t = await templateExample(db, requireViewer(req));
    return reply.header('content-type', 'text/csv; charset=utf-8').header('content-disposition', 'attachment; filename="projects-template.csv"').send(templateCsv(t.example));
  });

  app.get('/api/projects/export.xlsx', {
    schema: {
      tags, querystring: ExportQuery,
      description: 'The projects the caller sees (the filters of GET /api/projects) in the import\'s columns, so the file re-imports unchanged; grey columns (progress, names) are for reading and ignored on import.',
      response: FileResponse('an XLSX workbook'),
    },
  }, async (req, reply) => {
    const viewer = requireViewer(req);
    const { projects, shown } = await exportedProjects(db, viewer, req.query);
    const body = await projectsXlsx(projects, await categoryLabels(db), { filters: shown, exportedBy: viewer.displayName || viewer.username });
    return reply.header('content-type', XLSX_TYPE).header('content-disposition', `attachment; filename="${exportFileName(req.query.fy, 'xlsx')}"`).send(body);
  });

  app.get('/api/projects/export.csv', {
    schema: { tags, querystring: ExportQuery, description: 'The same as export.xlsx, as CSV (UTF-8 with BOM).', response: FileResponse('a CSV file') },
  }, async (req, reply) => {
    const viewer = requireViewer(req);
    const { projects } = await exportedProjects(db, viewer, req.query);
    return reply.header('content-type', 'text/csv; charset=utf-8')
      .header('content-disposition', `attachment; filename="${exportFileName(req.query.fy, 'csv')}"`).send(projectsCsv(projects, await categoryLabels(db)));
  });
}
