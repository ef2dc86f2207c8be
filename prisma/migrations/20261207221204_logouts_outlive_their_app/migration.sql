-- DropForeignKey
ALTER TABLE "LogoutDelivery" DROP CONSTRAINT "LogoutDelivery_clientId_fkey";

