-- AlterEnum
ALTER TYPE "SessionRevokedReason" ADD VALUE 'SESSION_LIMIT';

-- AlterTable
ALTER TABLE "User" ADD COLUMN     "maxSessions" INTEGER;

