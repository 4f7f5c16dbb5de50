/** SQL of the category table (problem categories, editable by administrators). */
import type { Queryable } from '../db/database.ts';

export interface CategoryRow {
  id: number;
  code: string;
  label_th: string;
  label_en: string;
  color: string;
  icon: string;
  sort_order: number;
  active: boolean;
}

const COLUMNS = 'id, code, label_th, label_en, color, icon, sort_order, active';

/** Every category, in display order. */
export async function listCategories(db: Queryable): Promise<CategoryRow[]> {
  return (await db.query<CategoryRow>(`SELECT ${COLUMNS} FROM category ORDER BY sort_order, code`)).rows;
}

export async function findCategory(db: Queryable, id: number): Promise<CategoryRow | undefined> {
  return (await db.query<CategoryRow>(`SELECT ${COLUMNS} FROM category WHERE id = $1`, [id])).rows[0];
}

export async function findCategoryByCode(db: Queryable, code: string): Promise<CategoryRow | undefined> {
  return (await db.query<CategoryRow>(`SELECT ${COLUMNS} FROM category WHERE code = $1`, [code])).rows[0];
}

export interface CategoryWrite {
  code: string;
  labelTh: string;
  labelEn: string;
  color: string;
  icon: string;
  sortOrder: number;
  active: boolean;
}

export async function insertCategory(db: Queryable, c: CategoryWrite): Promise<number> {
  const r = await db.query<{ id: number }>(
    `INSERT INTO category (code, label_th, label_en, color, icon, sort_order, active)
     VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
    [c.code, c.labelTh, c.labelEn, c.color, c.icon, c.sortOrder, c.active],
  );
  return r.rows[0].id;
}

export async function updateCategory(db: Queryable, id: number, c: Omit<CategoryWrite, 'code'>): Promise<void> {
  await db.query(
    `UPDATE category SET label_th = $2, label_en = $3, color = $4, icon = $5, sort_order = $6, active = $7, updated_at = now()
     WHERE id = $1`,
    [id, c.labelTh, c.labelEn, c.color, c.icon, c.sortOrder, c.active],
  );
}
