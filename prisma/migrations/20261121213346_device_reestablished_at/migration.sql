-- AlterTable
ALTER TABLE "Device" ADD COLUMN     "reestablishedAt" TIMESTAMP(3);

