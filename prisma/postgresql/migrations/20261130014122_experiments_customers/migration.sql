-- AlterTable
ALTER TABLE "Attribution" ADD COLUMN     "experimentId" TEXT,
ADD COLUMN     "variant" TEXT;

-- AlterTable
ALTER TABLE "Experiment" ADD COLUMN     "alpha" DOUBLE PRECISION NOT NULL DEFAULT 0.05,
ADD COLUMN     "baselineMean" DOUBLE PRECISION,
ADD COLUMN     "baselineSd" DOUBLE PRECISION,
ADD COLUMN     "dailyVisitors" DOUBLE PRECISION,
ADD COLUMN     "finalReadout" TEXT,
ADD COLUMN     "guardrails" TEXT NOT NULL DEFAULT '[]',
ADD COLUMN     "minimumDetectableEffect" DOUBLE PRECISION NOT NULL DEFAULT 0.1,
ADD COLUMN     "outcome" TEXT,
ADD COLUMN     "plannedDays" INTEGER,
ADD COLUMN     "plannedPerVariant" INTEGER,
ADD COLUMN     "power" DOUBLE PRECISION NOT NULL DEFAULT 0.8,
ADD COLUMN     "winnerKey" TEXT;

-- AlterTable
ALTER TABLE "ExperimentVariant" ADD COLUMN     "name" TEXT NOT NULL DEFAULT '';

-- CreateTable
CREATE TABLE "FollowUpSettings" (
    "shop" TEXT NOT NULL,
    "maxOffers" INTEGER NOT NULL DEFAULT 3,
    "minProbability" DOUBLE PRECISION NOT NULL DEFAULT 0.02,
    "horizonDays" INTEGER NOT NULL DEFAULT 30,
    "contactCap" INTEGER NOT NULL DEFAULT 2,
    "contactPeriodDays" INTEGER NOT NULL DEFAULT 30,
    "quietDaysAfterRefund" INTEGER NOT NULL DEFAULT 14,
    "holdoutPercent" INTEGER NOT NULL DEFAULT 10,
    "computedAt" TIMESTAMP(3),
    "summary" TEXT,
    "validation" TEXT,
    "definitionId" TEXT,
    "segmentId" TEXT,
    "syncedAt" TIMESTAMP(3),
    "syncError" TEXT,

    CONSTRAINT "FollowUpSettings_pkey" PRIMARY KEY ("shop")
);

-- CreateTable
CREATE TABLE "CustomerFollowUp" (
    "id" TEXT NOT NULL,
    "shop" TEXT NOT NULL,
    "customerId" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "contactAt" TIMESTAMP(3) NOT NULL,
    "capped" BOOLEAN NOT NULL DEFAULT false,
    "quiet" BOOLEAN NOT NULL DEFAULT false,
    "holdout" BOOLEAN NOT NULL DEFAULT false,
    "topProbability" DOUBLE PRECISION NOT NULL DEFAULT 0,
    "offers" TEXT NOT NULL DEFAULT '[]',
    "syncedValue" TEXT,
    "syncedTag" BOOLEAN NOT NULL DEFAULT false,
    "computedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "CustomerFollowUp_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "FollowUpContact" (
    "id" TEXT NOT NULL,
    "shop" TEXT NOT NULL,
    "customerId" TEXT NOT NULL,
    "contactDay" TEXT NOT NULL,
    "contactAt" TIMESTAMP(3) NOT NULL,
    "productIds" TEXT NOT NULL,
    "holdout" BOOLEAN NOT NULL DEFAULT false,
    "deliveredAt" TIMESTAMP(3),

    CONSTRAINT "FollowUpContact_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "CustomerFollowUp_shop_status_contactAt_idx" ON "CustomerFollowUp"("shop", "status", "contactAt");

-- CreateIndex
CREATE UNIQUE INDEX "CustomerFollowUp_shop_customerId_key" ON "CustomerFollowUp"("shop", "customerId");

-- CreateIndex
CREATE INDEX "FollowUpContact_shop_contactAt_idx" ON "FollowUpContact"("shop", "contactAt");

-- CreateIndex
CREATE UNIQUE INDEX "FollowUpContact_shop_customerId_contactDay_key" ON "FollowUpContact"("shop", "customerId", "contactDay");

-- CreateIndex
CREATE INDEX "Event_experimentId_type_idx" ON "Event"("experimentId", "type");

-- CreateIndex
CREATE INDEX "Attribution_experimentId_variant_idx" ON "Attribution"("experimentId", "variant");

-- AddForeignKey
ALTER TABLE "FollowUpSettings" ADD CONSTRAINT "FollowUpSettings_shop_fkey" FOREIGN KEY ("shop") REFERENCES "Shop"("domain") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CustomerFollowUp" ADD CONSTRAINT "CustomerFollowUp_shop_fkey" FOREIGN KEY ("shop") REFERENCES "Shop"("domain") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "FollowUpContact" ADD CONSTRAINT "FollowUpContact_shop_fkey" FOREIGN KEY ("shop") REFERENCES "Shop"("domain") ON DELETE CASCADE ON UPDATE CASCADE;

