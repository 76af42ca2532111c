-- AlterTable
ALTER TABLE "Attribution" ADD COLUMN "experimentId" TEXT;
ALTER TABLE "Attribution" ADD COLUMN "variant" TEXT;

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_Experiment" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shop" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "offerId" TEXT,
    "status" TEXT NOT NULL DEFAULT 'draft',
    "metric" TEXT NOT NULL DEFAULT 'acceptance_rate',
    "startedAt" DATETIME,
    "endedAt" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "guardrails" TEXT NOT NULL DEFAULT '[]',
    "minimumDetectableEffect" REAL NOT NULL DEFAULT 0.1,
    "alpha" REAL NOT NULL DEFAULT 0.05,
    "power" REAL NOT NULL DEFAULT 0.8,
    "baselineMean" REAL,
    "baselineSd" REAL,
    "plannedPerVariant" INTEGER,
    "dailyVisitors" REAL,
    "plannedDays" INTEGER,
    "outcome" TEXT,
    "winnerKey" TEXT,
    "finalReadout" TEXT,
    CONSTRAINT "Experiment_shop_fkey" FOREIGN KEY ("shop") REFERENCES "Shop" ("domain") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "Experiment_offerId_fkey" FOREIGN KEY ("offerId") REFERENCES "Offer" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);
INSERT INTO "new_Experiment" ("createdAt", "endedAt", "id", "metric", "name", "offerId", "shop", "startedAt", "status") SELECT "createdAt", "endedAt", "id", "metric", "name", "offerId", "shop", "startedAt", "status" FROM "Experiment";
DROP TABLE "Experiment";
ALTER TABLE "new_Experiment" RENAME TO "Experiment";
CREATE INDEX "Experiment_shop_status_idx" ON "Experiment"("shop", "status");
CREATE TABLE "new_ExperimentVariant" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "experimentId" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "name" TEXT NOT NULL DEFAULT '',
    "weight" INTEGER NOT NULL DEFAULT 50,
    "config" TEXT NOT NULL DEFAULT '{}',
    CONSTRAINT "ExperimentVariant_experimentId_fkey" FOREIGN KEY ("experimentId") REFERENCES "Experiment" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
INSERT INTO "new_ExperimentVariant" ("config", "experimentId", "id", "key", "weight") SELECT "config", "experimentId", "id", "key", "weight" FROM "ExperimentVariant";
DROP TABLE "ExperimentVariant";
ALTER TABLE "new_ExperimentVariant" RENAME TO "ExperimentVariant";
CREATE UNIQUE INDEX "ExperimentVariant_experimentId_key_key" ON "ExperimentVariant"("experimentId", "key");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- CreateIndex
CREATE INDEX "Event_experimentId_type_idx" ON "Event"("experimentId", "type");

-- CreateIndex
CREATE INDEX "Attribution_experimentId_variant_idx" ON "Attribution"("experimentId", "variant");

