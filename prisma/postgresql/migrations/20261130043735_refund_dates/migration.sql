-- AlterTable
ALTER TABLE "Order" ADD COLUMN     "lastRefundAt" TIMESTAMP(3);

