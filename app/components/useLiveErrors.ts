// Inline errors from the last failed save, shown only while the field still holds the value that
// was rejected: an error disappears as soon as the merchant changes the field, not at the next save.
import { useMemo, useRef } from "react";
import type { FieldErrors } from "../lib/forms/input";

/**
 * `errors`: the server's field → message map (a new object per failed save).
 * `values`: the form's current value per error key (the key the server reports, e.g. "triggerValues").
 */
export function useLiveErrors(errors: FieldErrors | undefined, values: Record<string, unknown>): FieldErrors {
  const rejected = useRef<{ errors: FieldErrors | undefined; values: Record<string, string> }>({
    errors: undefined,
    values: {},
  });
  const snapshot = JSON.stringify(values);
  if (rejected.current.errors !== errors) {
    // a new answer from the server: remember what the fields held when it was given
    rejected.current = {
      errors,
      values: Object.fromEntries(Object.entries(values).map(([k, v]) => [k, JSON.stringify(v)])),
    };
  }
  const live = useMemo(() => {
    const current = JSON.parse(snapshot) as Record<string, unknown>;
    const out: FieldErrors = {};
    for (const [key, message] of Object.entries(errors ?? {})) {
      // errors without a field of their own ("form") stay until the next save
      if (!(key in current) || JSON.stringify(current[key]) === rejected.current.values[key]) out[key] = message;
    }
    return out;
  }, [errors, snapshot]);
  return live;
}
