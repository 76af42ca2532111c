-- CreateTable
CREATE TABLE "DemoState" (
    "shop" TEXT NOT NULL PRIMARY KEY,
    "generation" TEXT NOT NULL,
    "seededAt" DATETIME NOT NULL,
    "minedGeneration" TEXT,
    "trafficGeneration" TEXT,
    "trafficVisitors" INTEGER NOT NULL DEFAULT 0,
    "trafficDoneAt" DATETIME,
    CONSTRAINT "DemoState_shop_fkey" FOREIGN KEY ("shop") REFERENCES "Shop" ("domain") ON DELETE CASCADE ON UPDATE CASCADE
);

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_MiningRun" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shop" TEXT NOT NULL,
    "trigger" TEXT NOT NULL DEFAULT 'manual',
    "status" TEXT NOT NULL DEFAULT 'running',
    "phase" TEXT NOT NULL DEFAULT 'reading',
    "processed" INTEGER NOT NULL DEFAULT 0,
    "total" INTEGER NOT NULL DEFAULT 0,
    "orders" INTEGER NOT NULL DEFAULT 0,
    "rules" INTEGER NOT NULL DEFAULT 0,
    "error" TEXT,
    "startedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finishedAt" DATETIME,
    CONSTRAINT "MiningRun_shop_fkey" FOREIGN KEY ("shop") REFERENCES "Shop" ("domain") ON DELETE CASCADE ON UPDATE CASCADE
);
INSERT INTO "new_MiningRun" ("error", "finishedAt", "id", "orders", "rules", "shop", "startedAt", "status", "trigger") SELECT "error", "finishedAt", "id", "orders", "rules", "shop", "startedAt", "status", "trigger" FROM "MiningRun";
DROP TABLE "MiningRun";
ALTER TABLE "new_MiningRun" RENAME TO "MiningRun";
CREATE INDEX "MiningRun_shop_startedAt_idx" ON "MiningRun"("shop", "startedAt");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

