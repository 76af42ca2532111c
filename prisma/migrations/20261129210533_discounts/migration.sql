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
    "frequencyCapPerDay" INTEGER NOT NULL DEFAULT 6,
    "holdoutPercent" INTEGER NOT NULL DEFAULT 10,
    "excludedProductIds" TEXT NOT NULL DEFAULT '[]',
    "excludedTags" TEXT NOT NULL DEFAULT '[]',
    "freeShippingThreshold" INTEGER,
    "highReturnRate" REAL NOT NULL DEFAULT 0.3,
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
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

