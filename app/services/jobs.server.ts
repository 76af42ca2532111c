// Background work of a running server: stored webhook deliveries that were not processed
// (a crash, a restart, a handler error) are taken up again on a timer.
import db from "../db.server";
import { processPendingDeliveries } from "./webhooks/deliveries.server";
import { topicRegistry } from "./webhooks/topics.server";

export function startBackgroundJobs({ intervalMs = 30_000 }: { intervalMs?: number } = {}): () => void {
  let running = false;
  const tick = async () => {
    if (running) return;
    running = true;
    try {
      await processPendingDeliveries(db, topicRegistry);
    } catch (error) {
      console.error("[jobs] pending deliveries:", error instanceof Error ? error.message : error);
    } finally {
      running = false;
    }
  };
  void tick();
  const timer = setInterval(tick, intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}
