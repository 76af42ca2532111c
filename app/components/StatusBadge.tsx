import { Badge } from "@shopify/polaris";

const TONES: Record<string, "success" | "attention" | "info" | undefined> = {
  active: "success",
  paused: "attention",
  draft: "info",
};
const LABELS: Record<string, string> = { active: "Active", paused: "Paused", draft: "Draft", archived: "Archived" };

export function StatusBadge({ status }: { status: string }) {
  return <Badge tone={TONES[status]}>{LABELS[status] ?? status}</Badge>;
}
