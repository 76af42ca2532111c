// Renders children only after hydration (charts that cannot render on the server), with a
// placeholder of the same height so nothing shifts.
import { useEffect, useState, type ReactNode } from "react";

export function ClientOnly({ height, children, label }: { height: number; children: () => ReactNode; label?: string }) {
  const [mounted, setMounted] = useState(false);
  useEffect(() => setMounted(true), []);
  if (!mounted) return <div style={{ height }} role="img" aria-label={label ?? "…"} />;
  return <div style={{ minHeight: height }}>{children()}</div>;
}
