-- CreateTable
CREATE TABLE "FollowUpSettings" (
    "shop" TEXT NOT NULL PRIMARY KEY,
    "maxOffers" INTEGER NOT NULL DEFAULT 3,
    "minProbability" REAL NOT NULL DEFAULT 0.02,
    "horizonDays" INTEGER NOT NULL DEFAULT 30,
    "contactCap" INTEGER NOT NULL DEFAULT 2,
    "contactPeriodDays" INTEGER NOT NULL DEFAULT 30,
    "quietDaysAfterRefund" INTEGER NOT NULL DEFAULT 14,
    "holdoutPercent" INTEGER NOT NULL DEFAULT 10,
    "computedAt" DATETIME,
    "summary" TEXT,
    "validation" TEXT,
    "definitionId" TEXT,
    "segmentId" TEXT,
    "syncedAt" DATETIME,
    "syncError" TEXT,
    CONSTRAINT "FollowUpSettings_shop_fkey" FOREIGN KEY ("shop") REFERENCES "Shop" ("domain") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "CustomerFollowUp" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shop" TEXT NOT NULL,
    "customerId" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "contactAt" DATETIME NOT NULL,
    "capped" BOOLEAN NOT NULL DEFAULT false,
    "quiet" BOOLEAN NOT NULL DEFAULT false,
    "holdout" BOOLEAN NOT NULL DEFAULT false,
    "topProbability" REAL NOT NULL DEFAULT 0,
    "offers" TEXT NOT NULL DEFAULT '[]',
    "syncedValue" TEXT,
    "syncedTag" BOOLEAN NOT NULL DEFAULT false,
    "computedAt" DATETIME NOT NULL,
    CONSTRAINT "CustomerFollowUp_shop_fkey" FOREIGN KEY ("shop") REFERENCES "Shop" ("domain") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "FollowUpContact" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shop" TEXT NOT NULL,
    "customerId" TEXT NOT NULL,
    "contactDay" TEXT NOT NULL,
    "contactAt" DATETIME NOT NULL,
    "productIds" TEXT NOT NULL,
    "holdout" BOOLEAN NOT NULL DEFAULT false,
    "deliveredAt" DATETIME,
    CONSTRAINT "FollowUpContact_shop_fkey" FOREIGN KEY ("shop") REFERENCES "Shop" ("domain") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateIndex
CREATE INDEX "CustomerFollowUp_shop_status_contactAt_idx" ON "CustomerFollowUp"("shop", "status", "contactAt");

-- CreateIndex
CREATE UNIQUE INDEX "CustomerFollowUp_shop_customerId_key" ON "CustomerFollowUp"("shop", "customerId");

-- CreateIndex
CREATE INDEX "FollowUpContact_shop_contactAt_idx" ON "FollowUpContact"("shop", "contactAt");

-- CreateIndex
CREATE UNIQUE INDEX "FollowUpContact_shop_customerId_contactDay_key" ON "FollowUpContact"("shop", "customerId", "contactDay");

