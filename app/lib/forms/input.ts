// Reading admin form input: a request body (form-encoded or JSON) as a plain object, and zod
// issues as a field → message map that Polaris fields show inline.
import type { z } from "zod";

export type FieldErrors = Record<string, string>;

/** Keys whose values are lists even when one value (or none) is sent in a form-encoded body. */
export async function readInput(request: Request, listKeys: readonly string[] = []): Promise<Record<string, unknown>> {
  const type = request.headers.get("Content-Type") ?? "";
  if (type.includes("application/json")) {
    const body = (await request.json().catch(() => null)) as unknown;
    return body && typeof body === "object" && !Array.isArray(body) ? (body as Record<string, unknown>) : {};
  }
  const form = await request.formData();
  const out: Record<string, unknown> = {};
  for (const key of new Set(form.keys())) {
    const values = form.getAll(key).map(String);
    out[key] = listKeys.includes(key) ? values.filter((v) => v !== "") : values[values.length - 1];
  }
  for (const key of listKeys) if (!(key in out)) out[key] = [];
  return out;
}

/** The first message of each field path ("discountValue", "placements"), for inline errors. */
export function fieldErrors(error: z.ZodError): FieldErrors {
  const out: FieldErrors = {};
  for (const issue of error.issues) {
    const key = issue.path.length ? String(issue.path[0]) : "form";
    if (!(key in out)) out[key] = issue.message;
  }
  return out;
}

/** A decimal amount in the shop's major unit ("12.50") → integer cents (1250). */
export function toCents(amount: number): number {
  return Math.round(amount * 100);
}

/** Integer cents → the amount typed in a form field ("12.5" → "12.50"). */
export function centsToInput(cents: number | null | undefined): string {
  return cents == null ? "" : (cents / 100).toFixed(2);
}
