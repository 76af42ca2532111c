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
    "highReturnRate" REAL NOT NULL DEFAULT 0.3
);
INSERT INTO "new_Shop" ("allOrdersAccess", "catalogSyncedAt", "currency", "domain", "excludedProductIds", "excludedTags", "freeShippingThreshold", "frequencyCapPerDay", "highReturnRate", "holdoutPercent", "installedAt", "lowStockThreshold", "marginPreference", "maxSuggestions", "minedAt", "moneyFormat", "name", "ordersSyncedAt", "relevanceThreshold", "scopes", "uninstalledAt") SELECT "allOrdersAccess", "catalogSyncedAt", "currency", "domain", "excludedProductIds", "excludedTags", "freeShippingThreshold", "frequencyCapPerDay", "highReturnRate", "holdoutPercent", "installedAt", "lowStockThreshold", "marginPreference", "maxSuggestions", "minedAt", "moneyFormat", "name", "ordersSyncedAt", "relevanceThreshold", "scopes", "uninstalledAt" FROM "Shop";
DROP TABLE "Shop";
ALTER TABLE "new_Shop" RENAME TO "Shop";
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

