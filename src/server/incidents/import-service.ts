/**
 * Bulk import of incidents from CSV, XLSX or GeoJSON: streaming, all or nothing, idempotent by
 * external id.
 *
 * The file is read row by row and each row is checked in JavaScript (the same rules as the API);
 * good rows are sent in batches with COPY into a temporary staging table, so a million-row file
 * never sits in memory. Then, set-based in SQL: the sub-district of every point (one spatial
 * join), the nearest sub-district within the tolerance for the few that fall in gaps, the rows
 * outside every area as errors, and one INSERT ... ON CONFLICT (external_id) DO UPDATE. All of it
 * is one transaction: on any error nothing is stored and the errors are listed by row and field.
 */
import { stat } from 'node:fs/promises';
import type { Database, Queryable } from '../db/database.ts';
import type { Config } from '../config.ts';
import type { Viewer } from '../auth/viewer.ts';
import { ImportError, badRequest, type ErrorDetail } from '../errors.ts';
import { insertAudit } from '../audit/repository.ts';
import { makeCategoryResolver, validateIncidentRow, type ValidIncident } from '../../shared/incident-validate.ts';
import { categoryRefs, outsideMessage } from './service.ts';
import { detectFormat, readIncidentRows, SUPPORTED_EXTENSIONS } from './import-parsers.ts';
import * as repo from './import-repository.ts';

import type { IncidentImportReport } from '../../shared/api-types.ts';

export type { IncidentImportReport };

export interface ImportOptions {
  /** Rows sent per COPY (default 20,000). */
  batchRows?: number;
  /**
   * Smallest import that rebuilds the incident indexes instead of updating them row by row
   * (default 100,000; only when the import is also large next to the table).
   */
  bulkMinRows?: number;
  /** Rows per chunk of the spatial join (default 100,000 on PostgreSQL, all rows at once embedded). */
  chunkRows?: number;
  /** Told how long each phase took (read+check+COPY, assign, upsert...), for benchmarks. */
  onPhase?: (phase: string, ms: number) => void;
}

/** Errors listed at most; past this the import stops reading (it fails anyway). */
export const MAX_ERRORS = 100;
const DEFAULT_BATCH = 20_000;
/** Rows per chunk of the spatial join on PostgreSQL (see flush). */
const DEFAULT_CHUNK = 100_000;
/** COPY text that may wait in memory for the database while reading goes on. */
const QUEUE_BYTES = 32 << 20;
const MAX_BATCH_BYTES = 16 << 20;
const DEFAULT_BULK_MIN = 100_000;
/** Rebuild indexes only when the import adds at least this share of the rows already stored. */
const BULK_SHARE = 0.25;

const CUT = new Error('error limit reached');

function q(s: string): string {
  return s.includes('"') ? `"${s.replace(/"/g, '""')}"` : `"${s}"`;
}

/**
 * The staged rows of one batch as COPY CSV (text quoted, NULL as an empty unquoted field), and
 * their row numbers and points for the spatial join, written straight into reused buffers: a
 * batch of short-lived strings that all survive until the batch is sent made the garbage
 * collector the largest cost of a million-row import.
 */
class StageWriter {
  private readonly ewkb = Buffer.alloc(25);
  private stage = new GrowingBuffer();
  private points = new GrowingBuffer();
  rows = 0;

  constructor() {
    // Little-endian EWKB header of a Point with SRID 4326.
    this.ewkb.writeUInt8(1, 0);
    this.ewkb.writeUInt32LE(0x20000001, 1);
    this.ewkb.writeUInt32LE(4326, 5);
  }

  add(rn: number, v: ValidIncident): void {
    this.ewkb.writeDoubleLE(v.lon, 9);
    this.ewkb.writeDoubleLE(v.lat, 17);
    const point = this.ewkb.toString('hex');
    this.stage.write(`${rn},${v.externalId === null ? '' : q(v.externalId)},${v.categoryId},${v.occurredAt.toISOString()},${point},${v.severity},${v.status},${v.source},${q(v.description)},${v.classification}\n`);
    this.points.write(`${rn},${point}\n`);
    this.rows += 1;
  }

  get bytes(): number {
    return this.stage.used + this.points.used;
  }

  /** The batch as COPY text, and an empty writer for the next. */
  take(): { stage: string; points: string } {
    this.rows = 0;
    return { stage: this.stage.take(), points: this.points.take() };
  }
}

class GrowingBuffer {
  private buf = Buffer.allocUnsafe(4 << 20);
  used = 0;

  write(text: string): void {
    // A UTF-16 unit is at most 3 bytes of UTF-8.
    if (this.used + text.length * 3 > this.buf.length) {
      const bigger = Buffer.allocUnsafe(Math.max(this.buf.length * 2, this.used + text.length * 3));
      this.buf.copy(bigger, 0, 0, this.used);
      this.buf = bigger;
    }
    this.used += this.buf.write(text, this.used);
  }

  take(): string {
    const text = this.buf.toString('utf8', 0, this.used);
    this.used = 0;
    return text;
  }
}

/**
 * Database work run in order on the import's connection while the file goes on being read: the
 * reader waits only when more than `maxBytes` of COPY text is queued. A failed task stops the
 * queue; the failure is thrown to the reader at its next push, or by drain().
 */
class TaskQueue {
  private tail: Promise<void> = Promise.resolve();
  private waiting: Array<{ done: Promise<void> }> = [];
  private queued = 0;
  private failure: unknown = null;

  constructor(private readonly maxBytes: number) {}

  async push(bytes: number, task: () => Promise<unknown>): Promise<void> {
    if (this.failure) throw this.failure;
    this.queued += bytes;
    const done = this.tail.then(async () => {
      try {
        if (!this.failure) await task();
      } catch (err) {
        this.failure = err;
      } finally {
        this.queued -= bytes;
      }
    });
    this.tail = done;
    this.waiting.push({ done });
    while (this.queued > this.maxBytes && this.waiting.length) await this.waiting.shift()!.done;
    if (this.failure) throw this.failure;
  }

  async drain(): Promise<void> {
    await this.tail;
    this.waiting = [];
    if (this.failure) throw this.failure;
  }

  /** Waits for every queued task to end, whatever happened, so none still uses the connection. */
  async settle(): Promise<void> {
    await this.tail;
  }
}

function importFailed(file: string, errors: ErrorDetail[], more: boolean): ImportError {
  const rows = new Set(errors.map((e) => e.row)).size;
  const what = more ? `at least ${MAX_ERRORS} errors (the first ${MAX_ERRORS} are listed)` : `${errors.length} error${errors.length === 1 ? '' : 's'} in ${rows} row${rows === 1 ? '' : 's'}`;
  return new ImportError(`${file}: ${what}; nothing was imported`, errors);
}

/**
 * Imports incidents from a CSV (UTF-8 with or without BOM, or Windows-874), XLSX or GeoJSON file.
 * `actor` is null from the command line. Throws ImportError (422) listing rows and fields when
 * anything is wrong, and then stores nothing.
 */
export async function importIncidents(
  db: Database,
  config: Config,
  file: { path: string; name: string },
  actor: Viewer | null,
  opts: ImportOptions = {},
): Promise<IncidentImportReport> {
  const started = new Date();
  const t0 = performance.now();
  const format = detectFormat(file.name);
  if (!format) {
    throw badRequest(`${file.name}: unsupported file type; COMAP imports incidents from ${SUPPORTED_EXTENSIONS.join(', ')} files`, [
      { file: file.name, message: `unsupported file type (use ${SUPPORTED_EXTENSIONS.join(', ')})` },
    ]);
  }
  if ((await stat(file.path)).size === 0) {
    throw new ImportError(`${file.name} is empty`, [{ file: file.name, message: 'the file is empty' }]);
  }
  const batchRows = opts.batchRows ?? DEFAULT_BATCH;
  const bulkMinRows = opts.bulkMinRows ?? DEFAULT_BULK_MIN;
  const cats = await categoryRefs(db);
  const resolveCategory = makeCategoryResolver(cats);
  const now = new Date();
  let tPhase = performance.now();
  const phase = (name: string) => {
    const t = performance.now();
    opts.onPhase?.(name, t - tPhase);
    tPhase = t;
  };
  const errors: ErrorDetail[] = [];
  let more = false;
  const addError = (e: ErrorDetail) => {
    if (errors.length >= MAX_ERRORS) {
      more = true;
      throw CUT;
    }
    errors.push(e);
  };

  try {
    const result = await db.transaction(async (tx) => {
      const st = await repo.createStage(tx);
      const writer = new StageWriter();
      // On PostgreSQL the database assigns one chunk of points while the next is being read;
      // the embedded database runs in this thread, so there it is one chunk at the end.
      const overlap = tx.engine === 'postgres';
      const queue = new TaskQueue(overlap ? QUEUE_BYTES : 0);
      const chunkMax = opts.chunkRows ?? (overlap ? DEFAULT_CHUNK : Infinity);
      let staged = 0;
      let contained = 0;
      let chunkNo = 0;
      let chunkRows = 0;
      const flush = async (endOfFile: boolean) => {
        if (writer.rows) {
          const rows = writer.rows;
          const { stage, points } = writer.take();
          if (chunkRows === 0) {
            const k = ++chunkNo;
            await queue.push(0, () => repo.createPointChunk(tx, st, k));
          }
          chunkRows += rows;
          const chunk = repo.pointChunk(st, chunkNo);
          await queue.push(stage.length + points.length, async () => {
            await tx.copyCsv(st.stage, repo.STAGE_COLUMNS, stage);
            await tx.copyCsv(chunk, repo.POINT_COLUMNS, points);
          });
        }
        if (chunkRows > 0 && (endOfFile || chunkRows >= chunkMax)) {
          const chunk = repo.pointChunk(st, chunkNo);
          chunkRows = 0;
          await queue.push(0, async () => {
            contained += await repo.assignChunk(tx, st, chunk);
          });
        }
      };

      try {
        const validate = { resolveCategory, defaultSource: 'import' as const, now };
        for await (const batch of readIncidentRows(file.path, format, file.name)) {
          for (const src of batch) {
            if (src.errors?.length) {
              for (const e of src.errors) addError({ file: file.name, row: src.row, field: e.field, message: e.message });
              continue;
            }
            const r = validateIncidentRow(src.values, validate);
            if (!r.ok) {
              for (const e of r.errors) addError({ file: file.name, row: src.row, field: e.field, message: e.message });
              continue;
            }
            writer.add(src.row, r.value);
            staged += 1;
          }
          if (writer.rows >= batchRows || writer.bytes >= MAX_BATCH_BYTES) await flush(false);
        }
        await flush(true);
      } catch (err) {
        if (err !== CUT) {
          // The transaction ends with this error: nothing may still be running on its connection.
          await queue.settle();
          throw err;
        }
      }
      await queue.drain();
      if (more) throw importFailed(file.name, errors, true);
      if (staged === 0 && errors.length === 0) {
        throw new ImportError(`${file.name} holds no incidents (only a header, or empty rows)`, [{ file: file.name, message: 'no incident rows' }]);
      }
      phase('read, check, COPY and assign');

      // Rows already wrong: list the points outside every area too, so one round of fixes does.
      if (errors.length) throw await failWithOutsidePoints(tx, st, config, file.name, errors);

      const stored = await repo.estimateIncidentRows(tx);
      const bulk = staged >= bulkMinRows && staged >= BULK_SHARE * stored;
      const nearestWithin = contained < staged && config.nearestToleranceM > 0 ? config.nearestToleranceM : null;
      await repo.savepoint(tx, 'incident_write');
      let counts: repo.WriteCounts;
      try {
        counts = await writeStaged(tx, st, actor?.userId ?? null, bulk ? { tableHadRows: stored > 0 } : null, nearestWithin, phase);
      } catch (err: any) {
        await repo.rollbackTo(tx, 'incident_write');
        // A row without a sub-district (not_null_violation): outside every area, explained below.
        if (err?.code === '23502') throw await failWithOutsidePoints(tx, st, config, file.name, errors, err);
        if (err instanceof RepeatedExternalId || err?.code === '21000' || err?.code === '23505') {
          throw await failWithDuplicates(tx, st, file.name, err);
        }
        throw err;
      }
      // The embedded database has no autovacuum: keep the planner's picture of the table true.
      if (tx.engine === 'pglite' && staged >= 5000) await repo.analyzeIncidents(tx);
      phase('analyze');
      await repo.dropStage(tx, st);

      const report: IncidentImportReport = {
        file: file.name,
        format,
        rows: staged,
        inserted: counts.inserted,
        updated: counts.updated,
        assignedNearest: counts.nearest,
        seconds: 0,
      };
      const runId = await repo.insertImportRun(tx, {
        filename: file.name, userId: actor?.userId ?? null, startedAt: started, status: 'done',
        rows: staged, inserted: counts.inserted, updated: counts.updated, errors: null,
      });
      report.seconds = Math.round(performance.now() - t0) / 1000;
      await insertAudit(tx, {
        userId: actor?.userId ?? null,
        username: actor?.username ?? 'cli',
        action: 'import',
        entity: 'incident',
        entityId: `import_run:${runId}`,
        details: { importRun: runId, ...report, bulkIndexRebuild: bulk },
      });
      return report;
    });
    result.seconds = Math.round(performance.now() - t0) / 1000;
    return result;
  } catch (err) {
    if (err instanceof ImportError) {
      // For the record (the upload page lists runs); the incidents themselves were rolled back.
      await repo
        .insertImportRun(db, {
          filename: file.name, userId: actor?.userId ?? null, startedAt: started, status: 'failed',
          rows: 0, inserted: 0, updated: 0, errors: err.details.slice(0, MAX_ERRORS),
        })
        .catch(() => undefined);
    }
    throw err;
  }
}

class RepeatedExternalId extends Error {}

/**
 * Writes the staged rows: ON CONFLICT upsert, or for a large load (bulk) the indexes and
 * constraints dropped, known external ids updated, the others inserted, and everything rebuilt.
 */
async function writeStaged(
  tx: Queryable,
  st: repo.Staging,
  userId: number | null,
  bulk: { tableHadRows: boolean } | null,
  nearestWithin: number | null,
  phase: (name: string) => void,
): Promise<repo.WriteCounts> {
  if (!bulk) {
    const counts = await repo.upsertStaged(tx, st, userId, nearestWithin);
    phase('upsert');
    return counts;
  }
  const deferred = await repo.deferIndexes(tx);
  let updated = { rows: 0, nearest: 0 };
  if (bulk.tableHadRows) {
    const known = await repo.countKnownExternalIds(tx, st);
    if (known > 0) updated = await repo.updateKnown(tx, st, userId, nearestWithin);
    // Fewer rows updated than matched: two staged rows named the same stored incident.
    if (updated.rows < known) throw new RepeatedExternalId();
  }
  await repo.setInsertCellTrigger(tx, false);
  const inserted = await repo.insertUnknown(tx, st, userId, bulk.tableHadRows, nearestWithin);
  await repo.markBulkInsertCells(tx, st);
  await repo.setInsertCellTrigger(tx, true);
  phase('insert');
  await repo.restoreIndexes(tx, deferred);
  phase('rebuild indexes and constraints');
  return { inserted: inserted.rows, updated: updated.rows, nearest: inserted.nearest + updated.nearest };
}

/** The import error for rows whose point is in no sub-district, nor near one (with the validation errors found before). */
async function failWithOutsidePoints(
  tx: Queryable,
  st: repo.Staging,
  config: Config,
  fileName: string,
  errors: ErrorDetail[],
  cause?: unknown,
): Promise<Error> {
  const contained = await repo.countAssigned(tx, st);
  const staged = await repo.countStaged(tx, st);
  const nearest = contained < staged && config.nearestToleranceM > 0 ? await repo.assignNearest(tx, st, config.nearestToleranceM) : 0;
  const unassigned = staged - contained - nearest;
  let listed = 0;
  if (unassigned > 0 && errors.length < MAX_ERRORS) {
    for (const u of await repo.unassignedRows(tx, st, MAX_ERRORS - errors.length)) {
      listed += 1;
      const hit = u.code ? { code: u.code, nameTh: u.name_th ?? '', nameEn: u.name_en, distanceM: u.d ?? 0 } : undefined;
      errors.push({ file: fileName, row: u.rn, field: 'lon', message: outsideMessage(u.lon, u.lat, hit) });
    }
  }
  if (!errors.length) return cause instanceof Error ? cause : new Error(String(cause));
  errors.sort((a, b) => (a.row ?? 0) - (b.row ?? 0));
  return importFailed(fileName, errors, unassigned > listed);
}

/** The import error for an external id given on several rows of the file. */
async function failWithDuplicates(tx: Queryable, st: repo.Staging, fileName: string, cause: unknown): Promise<Error> {
  const dups = await repo.duplicateExternalIds(tx, st, MAX_ERRORS);
  if (!dups.length) return cause instanceof Error ? cause : new Error(String(cause));
  const details = dups.map((d) => ({
    file: fileName,
    row: d.rows[1],
    field: 'external_id',
    message: `external_id "${d.external_id}" appears on rows ${d.rows.join(', ')}: each incident must appear once`,
  }));
  return importFailed(fileName, details, false);
}
