-- AlterTable
ALTER TABLE "Experiment" ADD COLUMN     "salt" TEXT;

