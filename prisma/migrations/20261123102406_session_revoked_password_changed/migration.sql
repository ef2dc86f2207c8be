-- AlterEnum
ALTER TYPE "SessionRevokedReason" ADD VALUE 'PASSWORD_CHANGED';

