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
    "postPurchaseLimit" INTEGER NOT NULL DEFAULT 1
);
INSERT INTO "new_Shop" ("allOrdersAccess", "catalogSyncedAt", "currency", "domain", "excludedProductIds", "excludedTags", "freeShippingThreshold", "frequencyCapPerDay", "highReturnRate", "holdoutPercent", "installedAt", "lowStockThreshold", "marginPreference", "maxSuggestions", "minedAt", "moneyFormat", "name", "ordersSyncedAt", "relevanceThreshold", "scopes", "uninstalledAt") SELECT "allOrdersAccess", "catalogSyncedAt", "currency", "domain", "excludedProductIds", "excludedTags", "freeShippingThreshold", "frequencyCapPerDay", "highReturnRate", "holdoutPercent", "installedAt", "lowStockThreshold", "marginPreference", "maxSuggestions", "minedAt", "moneyFormat", "name", "ordersSyncedAt", "relevanceThreshold", "scopes", "uninstalledAt" FROM "Shop";
DROP TABLE "Shop";
ALTER TABLE "new_Shop" RENAME TO "Shop";
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

