-- AlterTable
ALTER TABLE "Event" ADD COLUMN "tokenKey" TEXT;

-- CreateIndex
CREATE UNIQUE INDEX "Event_shop_tokenKey_type_key" ON "Event"("shop", "tokenKey", "type");

