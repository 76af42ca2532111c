// The save bar for unsaved changes: App Bridge's SaveBar when embedded, Polaris
// ContextualSaveBar inside the demo's Frame otherwise.
import { SaveBar } from "@shopify/app-bridge-react";
import { ContextualSaveBar } from "@shopify/polaris";
import { useTranslation } from "react-i18next";
import { useEmbedded } from "./admin-context";

export function UnsavedChangesBar({
  id,
  dirty,
  saving,
  onSave,
  onDiscard,
  message,
}: {
  id: string;
  dirty: boolean;
  saving: boolean;
  onSave: () => void;
  onDiscard: () => void;
  message?: string;
}) {
  const embedded = useEmbedded();
  const { t } = useTranslation();
  if (embedded) {
    return (
      <SaveBar id={id} open={dirty}>
        <button variant="primary" onClick={onSave} loading={saving ? "" : undefined}></button>
        <button onClick={onDiscard}></button>
      </SaveBar>
    );
  }
  if (!dirty) return null;
  return (
    <ContextualSaveBar
      message={message ?? t("common.unsaved")}
      saveAction={{ onAction: onSave, loading: saving, content: t("common.save") }}
      discardAction={{ onAction: onDiscard, content: t("common.discard") }}
    />
  );
}
