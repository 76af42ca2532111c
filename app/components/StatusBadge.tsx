import { Badge } from "@shopify/polaris";
import { useTranslation } from "react-i18next";

const TONES: Record<string, "success" | "attention" | "info" | undefined> = {
  active: "success",
  paused: "attention",
  draft: "info",
};
const LABELS = new Set(["active", "paused", "draft", "archived"]);

export function StatusBadge({ status }: { status: string }) {
  const { t } = useTranslation();
  return <Badge tone={TONES[status]}>{LABELS.has(status) ? t(`status.${status}`) : status}</Badge>;
}
