/**
 * The difference between two versions of a target list (บัญชีเป้าหมาย): which areas were added,
 * which removed, and which kept with other categories or another reason. Pure: no I/O.
 */

/** One area of a target list version, as the diff sees it. */
export interface TargetEntry {
  code: string;
  categories: string[];
  reason: string;
}

/** An area present in both versions whose categories or reason differ. */
export interface TargetChange {
  code: string;
  before: TargetEntry;
  after: TargetEntry;
  categoriesAdded: string[];
  categoriesRemoved: string[];
  reasonChanged: boolean;
}

export interface TargetDiff {
  added: TargetEntry[];
  removed: TargetEntry[];
  changed: TargetChange[];
  /** Areas present in both versions with the same categories and reason. */
  unchanged: number;
}

const byCode = (a: { code: string }, b: { code: string }) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0);

function index(entries: readonly TargetEntry[], side: string): Map<string, TargetEntry> {
  const m = new Map<string, TargetEntry>();
  for (const e of entries) {
    // A list holds an area once; two entries would make "changed" ambiguous.
    if (m.has(e.code)) throw new Error(`area ${e.code} appears twice in the ${side} version`);
    m.set(e.code, e);
  }
  return m;
}

/**
 * Compares `from` (the older or reference version) with `to`: added = in `to` only, removed = in
 * `from` only, changed = in both with a different category set (order ignored) or reason
 * (surrounding white space ignored). Results are sorted by area code.
 */
export function diffTargets(from: readonly TargetEntry[], to: readonly TargetEntry[]): TargetDiff {
  const a = index(from, 'first');
  const b = index(to, 'second');
  const added: TargetEntry[] = [];
  const removed: TargetEntry[] = [];
  const changed: TargetChange[] = [];
  let unchanged = 0;
  for (const [code, after] of b) {
    const before = a.get(code);
    if (!before) {
      added.push(after);
      continue;
    }
    const was = new Set(before.categories);
    const now = new Set(after.categories);
    const categoriesAdded = [...now].filter((c) => !was.has(c)).sort();
    const categoriesRemoved = [...was].filter((c) => !now.has(c)).sort();
    const reasonChanged = before.reason.trim() !== after.reason.trim();
    if (categoriesAdded.length || categoriesRemoved.length || reasonChanged) {
      changed.push({ code, before, after, categoriesAdded, categoriesRemoved, reasonChanged });
    } else {
      unchanged += 1;
    }
  }
  for (const [code, before] of a) if (!b.has(code)) removed.push(before);
  return { added: added.sort(byCode), removed: removed.sort(byCode), changed: changed.sort(byCode), unchanged };
}
