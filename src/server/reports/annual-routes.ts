/** HTTP API of the annual report: /api/reports/annual.pdf and /api/reports/annual.xlsx. */
import { Type } from '@sinclair/typebox';
import type { App, AppContext } from '../context.ts';
import { requireViewer } from '../context.ts';
import { errorResponses } from '../schema-common.ts';
import { annualFileName, annualReportData } from './annual-service.ts';
import { annualReportPdf } from './annual-report.ts';
import { annualReportXlsx } from './annual-xlsx.ts';

const Query = Type.Object({
  province: Type.String({ pattern: '^[0-9]{2}$', description: 'province code (DOPA, 2 digits)' }),
  fy: Type.Integer({ description: 'Buddhist Era fiscal year, e.g. 2568' }),
});

const FileResponse = (description: string) => ({ 200: Type.Unknown({ description }), ...errorResponses });

/** Registers the annual report downloads (signed-in users; the figures as the user may see them). */
export async function annualReportRoutes(app: App, { db }: AppContext): Promise<void> {
  const tags = ['reports'];

  app.get('/api/reports/annual.pdf', {
    schema: {
      tags,
      description: 'The annual report of a province and fiscal year as an A4 PDF in Thai (Buddhist Era dates, charts, map), counted as the signed-in user may see.',
      querystring: Query,
      response: FileResponse('A4 PDF in Thai'),
    },
  }, async (req, reply) => {
    const data = await annualReportData(db, requireViewer(req), req.query.province, req.query.fy);
    const pdf = await annualReportPdf(data);
    return reply.header('content-type', 'application/pdf')
      .header('content-disposition', `attachment; filename="${annualFileName(data.provinceCode, data.fiscalYear, 'pdf')}"`).send(pdf);
  });

  app.get('/api/reports/annual.xlsx', {
    schema: {
      tags,
      description: 'The annual report of a province and fiscal year as an XLSX workbook (one sheet per part, Thai headers).',
      querystring: Query,
      response: FileResponse('XLSX workbook'),
    },
  }, async (req, reply) => {
    const data = await annualReportData(db, requireViewer(req), req.query.province, req.query.fy);
    return reply.header('content-type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
      .header('content-disposition', `attachment; filename="${annualFileName(data.provinceCode, data.fiscalYear, 'xlsx')}"`).send(await annualReportXlsx(data));
  });
}
