// Display helpers for figures: rates as percents, counts, dates. Money goes through app/lib/money.
export function percent(rate: number | null | undefined, digits = 1): string {
  return rate == null || !Number.isFinite(rate) ? "—" : `${(rate * 100).toFixed(digits)}%`;
}

export function count(n: number | null | undefined): string {
  return n == null ? "—" : n.toLocaleString("en");
}

export function decimal(n: number | null | undefined, digits = 2): string {
  return n == null || !Number.isFinite(n) ? "—" : n.toFixed(digits);
}

export function dateTime(iso: string | null | undefined): string {
  return iso
    ? new Date(iso).toLocaleString("en", { dateStyle: "medium", timeStyle: "short", timeZone: "UTC" }) + " UTC"
    : "never";
}

export function day(iso: string | null | undefined): string {
  return iso ? new Date(iso).toLocaleDateString("en", { dateStyle: "medium", timeZone: "UTC" }) : "—";
}
