-- CreateTable
CREATE TABLE "FollowUpTracking" (
    "shop" TEXT NOT NULL PRIMARY KEY,
    "attributionDays" INTEGER NOT NULL DEFAULT 14,
    "discountPercent" INTEGER NOT NULL DEFAULT 0
);

-- CreateTable
CREATE TABLE "FollowUpLink" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shop" TEXT NOT NULL,
    "customerId" TEXT NOT NULL,
    "contactDay" TEXT NOT NULL,
    "contactAt" DATETIME NOT NULL,
    "token" TEXT NOT NULL,
    "productIds" TEXT NOT NULL,
    "discountCode" TEXT,
    "discountId" TEXT,
    "issuedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "FollowUpOrder" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shop" TEXT NOT NULL,
    "orderShopifyId" TEXT NOT NULL,
    "linkId" TEXT NOT NULL,
    "customerId" TEXT NOT NULL,
    "matchedBy" TEXT NOT NULL,
    "orderCreatedAt" DATETIME NOT NULL
);

-- CreateIndex
CREATE INDEX "FollowUpLink_shop_discountCode_idx" ON "FollowUpLink"("shop", "discountCode");

-- CreateIndex
CREATE UNIQUE INDEX "FollowUpLink_shop_token_key" ON "FollowUpLink"("shop", "token");

-- CreateIndex
CREATE UNIQUE INDEX "FollowUpLink_shop_customerId_contactDay_key" ON "FollowUpLink"("shop", "customerId", "contactDay");

-- CreateIndex
CREATE INDEX "FollowUpOrder_shop_linkId_idx" ON "FollowUpOrder"("shop", "linkId");

-- CreateIndex
CREATE INDEX "FollowUpOrder_shop_orderCreatedAt_idx" ON "FollowUpOrder"("shop", "orderCreatedAt");

-- CreateIndex
CREATE UNIQUE INDEX "FollowUpOrder_shop_orderShopifyId_key" ON "FollowUpOrder"("shop", "orderShopifyId");

