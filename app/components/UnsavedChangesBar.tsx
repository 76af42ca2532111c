// The save bar for unsaved changes: App Bridge's SaveBar when embedded, Polaris
// ContextualSaveBar inside the demo's Frame otherwise.
import { SaveBar } from "@shopify/app-bridge-react";
import { ContextualSaveBar } from "@shopify/polaris";
import { useEmbedded } from "./admin-context";

export function UnsavedChangesBar({
  id,
  dirty,
  saving,
  onSave,
  onDiscard,
  message = "Unsaved changes",
}: {
  id: string;
  dirty: boolean;
  saving: boolean;
  onSave: () => void;
  onDiscard: () => void;
  message?: string;
}) {
  const embedded = useEmbedded();
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
      message={message}
      saveAction={{ onAction: onSave, loading: saving, content: "Save" }}
      discardAction={{ onAction: onDiscard, content: "Discard" }}
    />
  );
}
