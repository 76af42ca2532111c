// Liveness and readiness: 200 after a real round trip to the database, 503 when it is unreachable.
import db from "../db.server";
import { appVersion } from "../lib/config.server";

export const loader = async () => {
  const started = performance.now();
  try {
    await db.$queryRawUnsafe("SELECT 1");
    const ms = Math.round((performance.now() - started) * 100) / 100;
    return Response.json({ ok: true, database: "ok", dbLatencyMs: ms, version: appVersion() });
  } catch (error) {
    console.error("[healthz] database check failed:", error instanceof Error ? error.message : error);
    return Response.json({ ok: false, database: "unreachable" }, { status: 503 });
  }
};
