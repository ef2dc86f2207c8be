-- CreateEnum
CREATE TYPE "MailStatus" AS ENUM ('PENDING', 'SENT', 'CAPTURED', 'FAILED', 'SKIPPED');

-- CreateEnum
CREATE TYPE "EmailLinkPurpose" AS ENUM ('DEVICE_REPORT', 'PASSWORD_RESET');

-- AlterTable
ALTER TABLE "User" ADD COLUMN     "emailOnAdminAction" BOOLEAN NOT NULL DEFAULT true,
ADD COLUMN     "emailOnFailedSignIns" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN     "emailOnNewDevice" BOOLEAN NOT NULL DEFAULT true,
ADD COLUMN     "emailOnPasswordChange" BOOLEAN NOT NULL DEFAULT true,
ADD COLUMN     "emailOnSecondFactor" BOOLEAN NOT NULL DEFAULT true,
ADD COLUMN     "emailOnTokenCreated" BOOLEAN NOT NULL DEFAULT false;

-- AlterTable
ALTER TABLE "Device" ADD COLUMN     "lastCountry" TEXT,
ADD COLUMN     "lastLocation" TEXT,
ADD COLUMN     "recognizedAt" TIMESTAMP(3);

-- AlterTable
ALTER TABLE "Session" ADD COLUMN     "country" TEXT,
ADD COLUMN     "location" TEXT;

-- CreateTable
CREATE TABLE "MailOutbox" (
    "id" UUID NOT NULL,
    "userId" UUID NOT NULL,
    "kind" TEXT NOT NULL,
    "auditEventId" UUID,
    "deviceId" UUID,
    "data" JSONB NOT NULL DEFAULT '{}',
    "status" "MailStatus" NOT NULL DEFAULT 'PENDING',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "nextAttemptAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lockedUntil" TIMESTAMP(3),
    "sentAt" TIMESTAMP(3),
    "lastError" TEXT,
    "toAddress" TEXT,
    "subject" TEXT,
    "text" TEXT,
    "html" TEXT,

    CONSTRAINT "MailOutbox_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "EmailLink" (
    "id" UUID NOT NULL,
    "tokenHash" TEXT NOT NULL,
    "purpose" "EmailLinkPurpose" NOT NULL,
    "userId" UUID NOT NULL,
    "deviceId" UUID,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expiresAt" TIMESTAMP(3) NOT NULL,
    "usedAt" TIMESTAMP(3),

    CONSTRAINT "EmailLink_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "MailOutbox_status_nextAttemptAt_idx" ON "MailOutbox"("status", "nextAttemptAt");

-- CreateIndex
CREATE INDEX "MailOutbox_userId_kind_createdAt_idx" ON "MailOutbox"("userId", "kind", "createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "EmailLink_tokenHash_key" ON "EmailLink"("tokenHash");

-- CreateIndex
CREATE INDEX "EmailLink_userId_purpose_idx" ON "EmailLink"("userId", "purpose");

-- CreateIndex
CREATE INDEX "EmailLink_expiresAt_idx" ON "EmailLink"("expiresAt");

-- AddForeignKey
ALTER TABLE "MailOutbox" ADD CONSTRAINT "MailOutbox_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "EmailLink" ADD CONSTRAINT "EmailLink_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;


-- Security emails are queued by the audit row they tell about, in its transaction, whichever
-- code path wrote it (several write audit rows in one SQL statement). The user's "Email me
-- when…" choices are read here; the worker renders and sends (server/mail/).
CREATE FUNCTION devicekeeper_queue_security_mail() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  k text;
  wanted boolean;
BEGIN
  IF NEW."userId" IS NULL THEN RETURN NULL; END IF;
  k := CASE
    WHEN NEW.type = 'SIGN_IN' AND coalesce((NEW.detail->>'newDevice')::boolean, false) THEN 'new-device'
    WHEN NEW.type IN ('TOTP_ADDED', 'PASSKEY_ADDED', 'PUSH_REGISTERED', 'BINDING_REGISTERED') THEN 'second-factor-added'
    WHEN NEW.type IN ('TOTP_REMOVED', 'AUTHENTICATOR_REMOVED') THEN 'second-factor-removed'
    WHEN NEW.type IN ('ADMIN_RESET_OATH', 'ADMIN_RESET_PUSH', 'ADMIN_DELETED_WEBAUTHN', 'ADMIN_DELETED_BINDING', 'ADMIN_REVOKED_RECOVERY_CODES') THEN 'admin-mfa-reset'
    WHEN NEW.type = 'ADMIN_SIGNED_OUT_EVERYWHERE' THEN 'admin-signed-out'
    WHEN NEW.type = 'ADMIN_DISABLED_USER' THEN 'admin-disabled'
    WHEN NEW.type IN ('PASSWORD_CHANGED', 'PASSWORD_RESET') THEN 'password-changed'
    WHEN NEW.type = 'API_TOKEN_CREATED' THEN 'token-created'
    -- A client's failed sign-ins are one audit row per window, its count bumped: told at the 5th.
    WHEN NEW.type = 'SIGN_IN_FAILED' AND NEW.detail->>'reason' = 'password' AND (NEW.detail->>'count')::int = 5 THEN 'failed-sign-ins'
  END;
  IF k IS NULL THEN RETURN NULL; END IF;
  IF TG_OP = 'UPDATE' AND (k <> 'failed-sign-ins' OR (OLD.detail->>'count')::int >= 5) THEN RETURN NULL; END IF;
  SELECT CASE k
           WHEN 'new-device' THEN "emailOnNewDevice"
           WHEN 'password-changed' THEN "emailOnPasswordChange"
           WHEN 'second-factor-added' THEN "emailOnSecondFactor"
           WHEN 'second-factor-removed' THEN "emailOnSecondFactor"
           WHEN 'token-created' THEN "emailOnTokenCreated"
           WHEN 'failed-sign-ins' THEN "emailOnFailedSignIns"
           ELSE "emailOnAdminAction" END
    INTO wanted FROM "User" WHERE id = NEW."userId";
  IF NOT coalesce(wanted, false) THEN RETURN NULL; END IF;
  -- Not for the very first device of an account.
  IF k = 'new-device' AND NOT EXISTS (SELECT 1 FROM "Device" WHERE "userId" = NEW."userId" AND id IS DISTINCT FROM NEW."deviceId") THEN
    RETURN NULL;
  END IF;
  -- At most one failed-sign-ins email an hour, however many clients try.
  IF k = 'failed-sign-ins' AND EXISTS (SELECT 1 FROM "MailOutbox" WHERE "userId" = NEW."userId" AND kind = k
                                        AND "createdAt" > NEW."createdAt" - interval '1 hour') THEN
    RETURN NULL;
  END IF;
  INSERT INTO "MailOutbox" (id, "userId", kind, "auditEventId", "deviceId", "createdAt", "nextAttemptAt")
  VALUES (gen_random_uuid(), NEW."userId", k, NEW.id, NEW."deviceId", NEW."createdAt", NEW."createdAt");
  RETURN NULL;
END $$;

CREATE TRIGGER "AuditEvent_security_mail" AFTER INSERT OR UPDATE OF detail ON "AuditEvent"
  FOR EACH ROW EXECUTE FUNCTION devicekeeper_queue_security_mail();
