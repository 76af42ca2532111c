-- AlterTable
ALTER TABLE "Shop" ADD COLUMN     "placementSettings" TEXT;

-- AlterTable
ALTER TABLE "Offer" ADD COLUMN     "layout" TEXT;

-- AlterTable
ALTER TABLE "Experiment" ADD COLUMN     "placement" TEXT;

-- CreateTable
CREATE TABLE "CheckoutVisitor" (
    "id" TEXT NOT NULL,
    "shop" TEXT NOT NULL,
    "checkoutToken" TEXT NOT NULL,
    "visitorId" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "CheckoutVisitor_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "CheckoutVisitor_shop_createdAt_idx" ON "CheckoutVisitor"("shop", "createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "CheckoutVisitor_shop_checkoutToken_key" ON "CheckoutVisitor"("shop", "checkoutToken");

-- AddForeignKey
ALTER TABLE "CheckoutVisitor" ADD CONSTRAINT "CheckoutVisitor_shop_fkey" FOREIGN KEY ("shop") REFERENCES "Shop"("domain") ON DELETE CASCADE ON UPDATE CASCADE;

