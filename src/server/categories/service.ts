/** Problem categories: read by everyone signed in, edited by administrators, every change audited. */
import type { Database } from '../db/database.ts';
import type { Viewer } from '../auth/viewer.ts';
import { badRequest, conflict, notFound, type ErrorDetail } from '../errors.ts';
import { insertAudit } from '../audit/repository.ts';
import * as repo from './repository.ts';
import type { CategoryRow } from './repository.ts';

import type { Category } from '../../shared/api-types.ts';

export type { Category };

export function toCategory(r: CategoryRow): Category {
  return { id: r.id, code: r.code, labelTh: r.label_th, labelEn: r.label_en, color: r.color, icon: r.icon, sortOrder: r.sort_order, active: r.active };
}

export interface CategoryInput {
  code?: string;
  labelTh?: string;
  labelEn?: string;
  color?: string;
  icon?: string;
  sortOrder?: number;
  active?: boolean;
}

/** Trims and checks the fields given; throws a 400 that lists every bad field. */
function clean(input: CategoryInput): CategoryInput {
  const details: ErrorDetail[] = [];
  const out: CategoryInput = { ...input };
  if (input.code !== undefined) {
    out.code = input.code.trim();
    if (!/^[a-z][a-z0-9_]{0,39}$/.test(out.code)) {
      details.push({ field: 'code', message: 'code must be 1-40 characters: a-z, digits and _, starting with a letter (e.g. drugs)' });
    }
  }
  for (const f of ['labelTh', 'labelEn'] as const) {
    if (input[f] !== undefined) {
      out[f] = input[f]!.trim().replace(/\s+/g, ' ');
      if (!out[f]) details.push({ field: f, message: `${f} must not be empty` });
    }
  }
  if (input.color !== undefined) {
    out.color = input.color.trim().toLowerCase();
    if (!/^#[0-9a-f]{6}$/.test(out.color)) details.push({ field: 'color', message: 'color must be #rrggbb, e.g. #e53935' });
  }
  if (input.icon !== undefined) {
    out.icon = input.icon.trim();
    if (!/^[a-z0-9][a-z0-9_-]{0,39}$/.test(out.icon)) details.push({ field: 'icon', message: 'icon must be an icon name: a-z, digits, - and _' });
  }
  if (details.length) throw badRequest(`invalid category: ${details.map((d) => d.message).join('; ')}`, details);
  return out;
}

export async function listCategories(db: Database): Promise<Category[]> {
  return (await repo.listCategories(db)).map(toCategory);
}

export async function createCategory(db: Database, input: Required<Pick<CategoryInput, 'code' | 'labelTh' | 'labelEn' | 'color'>> & CategoryInput, actor: Viewer): Promise<Category> {
  const c = clean(input);
  return db.transaction(async (tx) => {
    if (await repo.findCategoryByCode(tx, c.code!)) throw conflict(`a category with code "${c.code}" already exists`);
    const id = await repo.insertCategory(tx, {
      code: c.code!,
      labelTh: c.labelTh!,
      labelEn: c.labelEn!,
      color: c.color!,
      icon: c.icon ?? 'dot',
      sortOrder: c.sortOrder ?? 0,
      active: c.active ?? true,
    });
    const created = toCategory((await repo.findCategory(tx, id))!);
    await insertAudit(tx, { userId: actor.userId, username: actor.username, action: 'create', entity: 'category', entityId: id, after: created });
    return created;
  });
}

/** Changes labels, colour, icon, order or the active flag. The code never changes: links and tiles use it. */
export async function updateCategory(db: Database, id: number, input: Omit<CategoryInput, 'code'>, actor: Viewer): Promise<Category> {
  const c = clean(input);
  return db.transaction(async (tx) => {
    const row = await repo.findCategory(tx, id);
    if (!row) throw notFound('category');
    const before = toCategory(row);
    await repo.updateCategory(tx, id, {
      labelTh: c.labelTh ?? before.labelTh,
      labelEn: c.labelEn ?? before.labelEn,
      color: c.color ?? before.color,
      icon: c.icon ?? before.icon,
      sortOrder: c.sortOrder ?? before.sortOrder,
      active: c.active ?? before.active,
    });
    const after = toCategory((await repo.findCategory(tx, id))!);
    await insertAudit(tx, { userId: actor.userId, username: actor.username, action: 'update', entity: 'category', entityId: id, before, after });
    return after;
  });
}
