// The demo's clock. The demo shop's history was generated up to a fixed day (generate.ts
// DEFAULT_NOW, weeks before today), and the dashboard's periods end at the shop's latest order.
// An order placed in the preview's checkout continues the demo's time from its data — one minute
// after the latest order — instead of jumping to today, so "Last 7 days" and "Last 30 days" keep
// showing the demo's weeks, with the new order in them.
import db from "../db.server";

export const DEMO_ORDER_STEP_MS = 60_000;

/** When the next order placed in the demo happens, in the demo's time (never later than `wallNow`). */
export async function nextDemoOrderTime(shop: string, wallNow = Date.now()): Promise<Date> {
  const latest = await db.order.findFirst({
    where: { shop },
    orderBy: { createdAt: "desc" },
    select: { createdAt: true },
  });
  if (!latest) return new Date(wallNow);
  return new Date(Math.min(wallNow, latest.createdAt.getTime() + DEMO_ORDER_STEP_MS));
}
