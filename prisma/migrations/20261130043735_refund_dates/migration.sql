-- AlterTable
ALTER TABLE "Order" ADD COLUMN "lastRefundAt" DATETIME;

