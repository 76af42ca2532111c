// Toasts: App Bridge's toast when embedded, a Polaris Toast inside the demo's Frame otherwise.
// Render `toastMarkup` once in the page.
import { Toast } from "@shopify/polaris";
import { useCallback, useState, type ReactNode } from "react";
import { appBridge, useEmbedded } from "./admin-context";

export function useToast(): { show: (message: string, opts?: { error?: boolean }) => void; toastMarkup: ReactNode } {
  const embedded = useEmbedded();
  const [toast, setToast] = useState<{ message: string; error: boolean; key: number } | null>(null);
  const show = useCallback(
    (message: string, opts: { error?: boolean } = {}) => {
      const bridge = embedded ? appBridge() : null;
      if (bridge) bridge.toast.show(message, { isError: opts.error });
      else setToast({ message, error: !!opts.error, key: Date.now() });
    },
    [embedded],
  );
  const toastMarkup = toast ? (
    <Toast key={toast.key} content={toast.message} error={toast.error} onDismiss={() => setToast(null)} />
  ) : null;
  return { show, toastMarkup };
}
