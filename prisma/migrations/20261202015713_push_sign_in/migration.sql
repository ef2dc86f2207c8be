-- CreateEnum
CREATE TYPE "PushAnswer" AS ENUM ('APPROVED', 'DENIED');

-- AlterTable
ALTER TABLE "MfaChallenge" ADD COLUMN     "pushAnswer" "PushAnswer",
ADD COLUMN     "pushAnsweredAt" TIMESTAMP(3),
ADD COLUMN     "pushAuthenticatorId" UUID,
ADD COLUMN     "pushChallenge" TEXT,
ADD COLUMN     "pushMessageId" UUID,
ADD COLUMN     "pushSends" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "pushSentAt" TIMESTAMP(3);

-- CreateIndex
CREATE UNIQUE INDEX "MfaChallenge_pushMessageId_key" ON "MfaChallenge"("pushMessageId");

