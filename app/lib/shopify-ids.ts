// Shopify value formats shared by every import path (bulk JSONL, webhooks, CSV, Admin API).
// Ids: the Admin GraphQL API speaks global ids ("gid://shopify/Product/123"), webhooks and
// exports speak numeric legacy ids (123). Pairwise stores the numeric id as a string ("123")
// everywhere, so rows from any source join on the same key.

const GID = /^gid:\/\/shopify\/([A-Za-z]+)\/([^/?#]+)(?:\?.*)?$/;

/** "gid://shopify/Product/123" → "123"; 123 → "123"; "123" → "123". */
export function legacyId(id: string | number): string;
export function legacyId(id: string | number | null | undefined): string | null;
export function legacyId(id: string | number | null | undefined): string | null {
  if (id === null || id === undefined) return null;
  if (typeof id === "number") return Number.isFinite(id) ? String(Math.trunc(id)) : null;
  const trimmed = id.trim();
  const m = GID.exec(trimmed);
  return m ? decodeURIComponent(m[2]) : trimmed;
}

/** The resource type of a global id ("gid://shopify/LineItem/1" → "LineItem"), or null. */
export function gidType(id: unknown): string | null {
  if (typeof id !== "string") return null;
  const m = GID.exec(id);
  return m ? m[1] : null;
}

/** "123", "Product" → "gid://shopify/Product/123" (a global id passes through unchanged). */
export function toGid(type: string, id: string | number): string {
  const s = String(id);
  return s.startsWith("gid://") ? s : `gid://shopify/${type}/${s}`;
}

const MONEY = /^(-)?(\d*)(?:\.(\d*))?$/;

/**
 * A decimal money string as Shopify writes it ("12.50", "12.5", "12", "-3.00", 12.5) → integer
 * minor units (1250). Grouping commas and surrounding spaces are tolerated ("1,234.50").
 * Digits beyond the second decimal are rounded half away from zero. Returns null for anything
 * that is not a number (empty string, "abc"), so callers decide whether that is an error.
 */
export function moneyToCents(value: string | number | null | undefined): number | null {
  if (value === null || value === undefined) return null;
  if (typeof value === "number") return Number.isFinite(value) ? Math.round(value * 100) : null;
  const s = value.trim().replace(/,/g, "");
  if (s === "") return null;
  const m = MONEY.exec(s);
  if (!m || (m[2] === "" && (m[3] === undefined || m[3] === ""))) return null;
  const whole = m[2] === "" ? 0 : Number(m[2]);
  const frac = (m[3] ?? "").padEnd(3, "0");
  let cents = whole * 100 + Number(frac.slice(0, 2));
  if (Number(frac[2]) >= 5) cents += 1;
  return m[1] && cents !== 0 ? -cents : cents;
}
