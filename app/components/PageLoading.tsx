// Shows that a navigation or submission is under way: App Bridge's loading bar when embedded,
// Polaris' Loading bar in the demo's Frame otherwise.
import { useNavigation } from "@remix-run/react";
import { Loading } from "@shopify/polaris";
import { useEffect } from "react";
import { appBridge, useEmbedded } from "./admin-context";

export function PageLoading() {
  const embedded = useEmbedded();
  const busy = useNavigation().state !== "idle";
  useEffect(() => {
    if (!embedded) return;
    const bridge = appBridge() as unknown as { loading?: (on: boolean) => void } | null;
    bridge?.loading?.(busy);
  }, [embedded, busy]);
  return !embedded && busy ? <Loading /> : null;
}
