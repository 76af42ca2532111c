-- AlterTable
ALTER TABLE "Event" ADD COLUMN "tokenKey" TEXT;

-- CreateTable
CREATE TABLE "PostPurchaseOffer" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shop" TEXT NOT NULL,
    "referenceId" TEXT NOT NULL,
    "customerId" TEXT,
    "visitorId" TEXT NOT NULL,
    "offerId" TEXT,
    "productId" TEXT NOT NULL,
    "variantId" TEXT NOT NULL,
    "position" INTEGER NOT NULL,
    "price" INTEGER NOT NULL,
    "discountType" TEXT NOT NULL DEFAULT 'none',
    "discountValue" REAL NOT NULL DEFAULT 0,
    "maxQuantity" INTEGER NOT NULL DEFAULT 1,
    "status" TEXT NOT NULL DEFAULT 'offered',
    "quantity" INTEGER,
    "changesetJti" TEXT,
    "orderShopifyId" TEXT,
    "servedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "respondedAt" DATETIME,
    CONSTRAINT "PostPurchaseOffer_shop_fkey" FOREIGN KEY ("shop") REFERENCES "Shop" ("domain") ON DELETE CASCADE ON UPDATE CASCADE
);

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
CREATE TABLE "new_Shop" (
    "domain" TEXT NOT NULL PRIMARY KEY,
    "name" TEXT NOT NULL DEFAULT '',
    "currency" TEXT NOT NULL DEFAULT 'USD',
    "moneyFormat" TEXT NOT NULL DEFAULT '${{amount}}',
    "scopes" TEXT NOT NULL DEFAULT '',
    "allOrdersAccess" BOOLEAN NOT NULL DEFAULT false,
    "installedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "uninstalledAt" DATETIME,
    "catalogSyncedAt" DATETIME,
    "ordersSyncedAt" DATETIME,
    "minedAt" DATETIME,
    "relevanceThreshold" REAL NOT NULL DEFAULT 0.15,
    "maxSuggestions" INTEGER NOT NULL DEFAULT 3,
    "lowStockThreshold" INTEGER NOT NULL DEFAULT 2,
    "marginPreference" REAL NOT NULL DEFAULT 0.3,
    "frequencyCapPerDay" INTEGER NOT NULL DEFAULT 3,
    "holdoutPercent" INTEGER NOT NULL DEFAULT 10,
    "excludedProductIds" TEXT NOT NULL DEFAULT '[]',
    "excludedTags" TEXT NOT NULL DEFAULT '[]',
    "freeShippingThreshold" INTEGER,
    "highReturnRate" REAL NOT NULL DEFAULT 0.3,
    "postPurchaseLimit" INTEGER NOT NULL DEFAULT 1,
    "discountCombinesWithOrder" BOOLEAN NOT NULL DEFAULT false,
    "discountCombinesWithProduct" BOOLEAN NOT NULL DEFAULT false,
    "discountCombinesWithShipping" BOOLEAN NOT NULL DEFAULT true,
    "discountId" TEXT,
    "discountStatus" TEXT,
    "discountConfig" TEXT,
    "discountSyncedAt" DATETIME,
    "discountError" TEXT,
    "discountDueAt" DATETIME,
    "cartTransformId" TEXT,
    "cartTransformError" TEXT
);
INSERT INTO "new_Shop" ("allOrdersAccess", "catalogSyncedAt", "currency", "domain", "excludedProductIds", "excludedTags", "freeShippingThreshold", "frequencyCapPerDay", "highReturnRate", "holdoutPercent", "installedAt", "lowStockThreshold", "marginPreference", "maxSuggestions", "minedAt", "moneyFormat", "name", "ordersSyncedAt", "relevanceThreshold", "scopes", "uninstalledAt") SELECT "allOrdersAccess", "catalogSyncedAt", "currency", "domain", "excludedProductIds", "excludedTags", "freeShippingThreshold", "frequencyCapPerDay", "highReturnRate", "holdoutPercent", "installedAt", "lowStockThreshold", "marginPreference", "maxSuggestions", "minedAt", "moneyFormat", "name", "ordersSyncedAt", "relevanceThreshold", "scopes", "uninstalledAt" FROM "Shop";
DROP TABLE "Shop";
ALTER TABLE "new_Shop" RENAME TO "Shop";
CREATE TABLE "new_Bundle" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shop" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'active',
    "source" TEXT NOT NULL DEFAULT 'manual',
    "discountType" TEXT NOT NULL DEFAULT 'percent',
    "discountValue" REAL NOT NULL DEFAULT 10,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    "presentation" TEXT NOT NULL DEFAULT 'components',
    "mergedVariantId" TEXT,
    CONSTRAINT "Bundle_shop_fkey" FOREIGN KEY ("shop") REFERENCES "Shop" ("domain") ON DELETE CASCADE ON UPDATE CASCADE
);
INSERT INTO "new_Bundle" ("createdAt", "discountType", "discountValue", "id", "shop", "source", "status", "title", "updatedAt") SELECT "createdAt", "discountType", "discountValue", "id", "shop", "source", "status", "title", "updatedAt" FROM "Bundle";
DROP TABLE "Bundle";
ALTER TABLE "new_Bundle" RENAME TO "Bundle";
CREATE INDEX "Bundle_shop_status_idx" ON "Bundle"("shop", "status");
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

-- CreateIndex
CREATE UNIQUE INDEX "PostPurchaseOffer_changesetJti_key" ON "PostPurchaseOffer"("changesetJti");

-- CreateIndex
CREATE INDEX "PostPurchaseOffer_shop_customerId_status_idx" ON "PostPurchaseOffer"("shop", "customerId", "status");

-- CreateIndex
CREATE INDEX "PostPurchaseOffer_shop_orderShopifyId_idx" ON "PostPurchaseOffer"("shop", "orderShopifyId");

-- CreateIndex
CREATE UNIQUE INDEX "PostPurchaseOffer_shop_referenceId_productId_key" ON "PostPurchaseOffer"("shop", "referenceId", "productId");

-- CreateIndex
CREATE UNIQUE INDEX "Event_shop_tokenKey_type_key" ON "Event"("shop", "tokenKey", "type");

