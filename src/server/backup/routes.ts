import { createReadStream, mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { Type } from '@sinclair/typebox';
import type { App, AppContext } from '../context.ts';
import { requireRole } from '../context.ts';
import { errorResponses } from '../schema-common.ts';
import { insertAudit } from '../audit/repository.ts';
import { backupDatabase } from './service.ts';

/**
 * A backup download for administrators. The embedded database can only be opened by one process,
 * so while `comap serve` runs this is how it is backed up; it works the same on PostgreSQL.
 */
export async function backupRoutes(app: App, { db, config }: AppContext): Promise<void> {
  app.get('/api/admin/backup', { schema: { tags: ['admin'], response: { 200: Type.Unknown({ description: 'the backup file (gzip)' }), ...errorResponses } } }, async (req, reply) => {
    const actor = requireRole(req, ['admin']);
    const dir = join(config.dataDir, 'uploads');
    mkdirSync(dir, { recursive: true });
    const file = join(dir, `backup-${randomBytes(6).toString('hex')}.comap.gz`);
    const r = await backupDatabase(db, file);
    await insertAudit(db, { userId: actor.userId, username: actor.username, action: 'backup', entity: 'database', details: r });
    const stamp = new Date().toISOString().slice(0, 19).replace(/[:T]/g, '-');
    const stream = createReadStream(file);
    stream.on('close', () => rmSync(file, { force: true }));
    return reply
      .header('content-type', 'application/gzip')
      .header('content-disposition', `attachment; filename="comap-${stamp}.comap.gz"`)
      .header('cache-control', 'no-store')
      .send(stream);
  });
}
