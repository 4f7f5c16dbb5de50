/**
 * Demo target lists: a declared list for the current and the previous fiscal year of the demo
 * province, so the dashboard, the indicators and the review pack have something to measure. They
 * are marked `source_rule.demo = true`, which lets a demo reload replace them (a real declared list
 * is never deleted).
 */
import type { Queryable } from '../db/database.ts';
import { fiscalYearPeriod, thaiDay } from '../../shared/fiscal.ts';

const DAY_MS = 86_400_000;

/** Deletes the demo's own target lists (declared ones included: the guard triggers are off for it). */
export async function deleteDemoTargetLists(tx: Queryable): Promise<number> {
  const ids = (await tx.query<{ id: number }>(`SELECT id FROM target_list WHERE (source_rule ->> 'demo') = 'true'`)).rows.map((r) => r.id);
  if (!ids.length) return 0;
  await tx.query('ALTER TABLE target_area DISABLE TRIGGER target_area_guard');
  await tx.query('ALTER TABLE target_list DISABLE TRIGGER target_list_guard');
  await tx.query('DELETE FROM target_list WHERE id = ANY($1::int[])', [ids]);
  await tx.query('ALTER TABLE target_list ENABLE TRIGGER target_list_guard');
  await tx.query('ALTER TABLE target_area ENABLE TRIGGER target_area_guard');
  return ids.length;
}

/**
 * For each fiscal year, declares the `size` sub-districts with the most incidents in the year
 * before it, each targeted for its two most frequent categories, declared twenty days into the
 * year (or now, if that is still ahead). Returns how many lists it made.
 */
export async function seedDemoTargetLists(tx: Queryable, provinceCode: string, fiscalYears: number[], now: Date, size = 12): Promise<number> {
  let made = 0;
  for (const fy of fiscalYears) {
    const prev = fiscalYearPeriod(fy - 1);
    const top = (
      await tx.query<{ code: string; categories: string[]; n: number }>(
        `WITH c AS (
           SELECT i.subdistrict_code AS code, k.code AS category, count(*) AS n
           FROM incident i JOIN category k ON k.id = i.category_id
           WHERE i.province_code = $1 AND i.occurred_at >= $2 AND i.occurred_at < $3
           GROUP BY 1, 2
         ), ranked AS (
           SELECT code, category, n, row_number() OVER (PARTITION BY code ORDER BY n DESC, category) AS r FROM c
         )
         SELECT code, array_agg(category ORDER BY r) FILTER (WHERE r <= 2) AS categories, sum(n)::int AS n
         FROM ranked GROUP BY code ORDER BY sum(n) DESC, code LIMIT $4`,
        [provinceCode, prev.start, prev.end, size],
      )
    ).rows;
    if (!top.length) continue;
    const declaredAt = new Date(Math.min(fiscalYearPeriod(fy).start.getTime() + 20 * DAY_MS, now.getTime()));
    if (declaredAt < fiscalYearPeriod(fy).start) continue;
    const list = await tx.query<{ id: number }>(
      `INSERT INTO target_list (province_code, fiscal_year, version, title, source_rule, created_at)
       VALUES ($1, $2, 1, $3, '{"demo": true}', $4) RETURNING id`,
      [provinceCode, fy, `บัญชีพื้นที่เป้าหมาย ปีงบประมาณ ${fy} (ข้อมูลสาธิต)`, declaredAt],
    );
    const id = list.rows[0].id;
    await tx.query(
      `INSERT INTO target_area (list_id, area_code, categories, reason, rank)
       SELECT $1, t.code, t.categories::text[], 'จำนวนเหตุการณ์สูงในปีงบประมาณก่อนหน้า', ord::int
       FROM unnest($2::text[], $3::text[]) WITH ORDINALITY AS t(code, categories, ord)`,
      [id, top.map((t) => t.code), top.map((t) => `{${t.categories.join(',')}}`)],
    );
    await tx.query(
      `UPDATE target_list SET status = 'declared', submitted_at = $2, declared_at = $2, declaration_date = $3::date, reference_number = $4
       WHERE id = $1`,
      [id, declaredAt, thaiDay(declaredAt), `${100 + made}/${fy - 1}`],
    );
    made += 1;
  }
  return made;
}
