import type { Payload } from "./types.js";

/** The outcome of a three-way merge of one stage's payload. */
export interface MergeResult {
  /** Every field that only one side changed, with that side's value; conflicting fields as `prefer` says. */
  merged: Payload;
  /** Top-level fields both sides changed to different values. */
  conflicts: string[];
}

/**
 * Merges `mine` and `theirs`, both edited from `base`, field by field (top-level fields of the payload; a tier list
 * is one field). A field changed on one side only takes that side's value; changed on both to different values, it
 * is a conflict and takes `prefer`'s value.
 */
export function threeWayMerge(base: Payload, mine: Payload, theirs: Payload, prefer: "mine" | "theirs" = "mine"): MergeResult {
  const merged: Payload = {};
  const conflicts: string[] = [];
  for (const field of new Set([...Object.keys(base), ...Object.keys(mine), ...Object.keys(theirs)])) {
    const mineChanged = !deepEqual(mine[field], base[field]);
    const theirsChanged = !deepEqual(theirs[field], base[field]);
    let value: unknown;
    if (mineChanged && theirsChanged && !deepEqual(mine[field], theirs[field])) {
      conflicts.push(field);
      value = prefer === "mine" ? mine[field] : theirs[field];
    } else {
      value = mineChanged ? mine[field] : theirs[field];
    }
    if (value !== undefined) {
      merged[field] = value;
    }
  }
  return { merged, conflicts };
}

/** Equality of JSON values (objects by their fields, whatever the order). */
export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) {
    return true;
  }
  if (typeof a !== "object" || typeof b !== "object" || a === null || b === null || Array.isArray(a) !== Array.isArray(b)) {
    return false;
  }
  if (Array.isArray(a) && Array.isArray(b)) {
    return a.length === b.length && a.every((item, i) => deepEqual(item, b[i]));
  }
  const left = a as Record<string, unknown>;
  const right = b as Record<string, unknown>;
  const keys = Object.keys(left).filter(key => left[key] !== undefined);
  return keys.length === Object.keys(right).filter(key => right[key] !== undefined).length
    && keys.every(key => deepEqual(left[key], right[key]));
}
