-- CreateEnum
CREATE TYPE "WebhookDeliveryStatus" AS ENUM ('PENDING', 'SUCCEEDED', 'FAILED');

-- AlterTable
ALTER TABLE "AuditEvent" ALTER COLUMN "userId" DROP NOT NULL;

-- CreateTable
CREATE TABLE "WebhookEndpoint" (
    "id" UUID NOT NULL,
    "url" TEXT NOT NULL,
    "description" TEXT NOT NULL DEFAULT '',
    "events" TEXT[],
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "secretEnc" TEXT NOT NULL,
    "previousSecretEnc" TEXT,
    "previousSecretExpiresAt" TIMESTAMP(3),
    "failingSince" TIMESTAMP(3),
    "disabledReason" TEXT,
    "createdById" UUID,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "WebhookEndpoint_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "WebhookOutbox" (
    "seq" BIGSERIAL NOT NULL,
    "txid" BIGINT NOT NULL,
    "source" TEXT NOT NULL,
    "userId" UUID NOT NULL,
    "deviceId" UUID,
    "sessionId" UUID,
    "auditType" TEXT,
    "actorId" UUID,
    "detail" JSONB NOT NULL DEFAULT '{}',
    "reason" TEXT,
    "occurredAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "WebhookOutbox_pkey" PRIMARY KEY ("seq")
);

-- CreateTable
CREATE TABLE "WebhookDelivery" (
    "id" UUID NOT NULL,
    "seq" BIGSERIAL NOT NULL,
    "endpointId" UUID NOT NULL,
    "eventId" TEXT NOT NULL,
    "eventType" TEXT NOT NULL,
    "userId" UUID,
    "payload" TEXT NOT NULL,
    "status" "WebhookDeliveryStatus" NOT NULL DEFAULT 'PENDING',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "nextAttemptAt" TIMESTAMP(3),
    "lockedUntil" TIMESTAMP(3),
    "lastAttemptAt" TIMESTAMP(3),
    "responseStatus" INTEGER,
    "latencyMs" INTEGER,
    "lastError" TEXT,

    CONSTRAINT "WebhookDelivery_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "WebhookDelivery_status_nextAttemptAt_idx" ON "WebhookDelivery"("status", "nextAttemptAt");

-- CreateIndex
CREATE INDEX "WebhookDelivery_endpointId_userId_status_seq_idx" ON "WebhookDelivery"("endpointId", "userId", "status", "seq");

-- CreateIndex
CREATE INDEX "WebhookDelivery_endpointId_createdAt_idx" ON "WebhookDelivery"("endpointId", "createdAt" DESC);

-- AddForeignKey
ALTER TABLE "WebhookDelivery" ADD CONSTRAINT "WebhookDelivery_endpointId_fkey" FOREIGN KEY ("endpointId") REFERENCES "WebhookEndpoint"("id") ON DELETE CASCADE ON UPDATE CASCADE;


-- The transactional outbox. Triggers write a webhook event's row in the very transaction that
-- makes the change, whichever code path makes it (Prisma calls and the one-statement SQL of the
-- REST hot paths alike), and only while an endpoint is enabled: otherwise the cost is one lookup.
-- The worker (server/webhooks/fan-out.ts) turns each row into 0..n events and deletes it.
CREATE FUNCTION devicekeeper_webhooks_wanted() RETURNS boolean LANGUAGE sql STABLE AS
  $$ SELECT EXISTS (SELECT 1 FROM "WebhookEndpoint" WHERE enabled) $$;

-- Every audit row about a user (the worker decides which types are events).
CREATE FUNCTION devicekeeper_outbox_audit() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW."userId" IS NOT NULL AND devicekeeper_webhooks_wanted() THEN
    INSERT INTO "WebhookOutbox" (txid, source, "userId", "deviceId", "auditType", "actorId", detail, "occurredAt")
    VALUES (txid_current(), 'audit', NEW."userId", NEW."deviceId", NEW.type, NEW."actorId", NEW.detail, NEW."createdAt");
  END IF;
  RETURN NULL;
END $$;
CREATE TRIGGER "AuditEvent_webhook_outbox" AFTER INSERT ON "AuditEvent"
  FOR EACH ROW EXECUTE FUNCTION devicekeeper_outbox_audit();

-- A session started, ended (with its reason), or pruned while still live (it expired).
CREATE FUNCTION devicekeeper_outbox_session() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NOT devicekeeper_webhooks_wanted() THEN
    RETURN NULL;
  END IF;
  IF TG_OP = 'INSERT' THEN
    INSERT INTO "WebhookOutbox" (txid, source, "userId", "deviceId", "sessionId", "occurredAt")
    VALUES (txid_current(), 'session.created', NEW."userId", NEW."deviceId", NEW.id, NEW."createdAt");
  ELSIF TG_OP = 'UPDATE' THEN
    INSERT INTO "WebhookOutbox" (txid, source, "userId", "deviceId", "sessionId", reason, "occurredAt")
    VALUES (txid_current(), 'session.revoked', NEW."userId", NEW."deviceId", NEW.id, NEW."revokedReason"::text, NEW."revokedAt");
  ELSE
    INSERT INTO "WebhookOutbox" (txid, source, "userId", "deviceId", "sessionId", reason, "occurredAt")
    VALUES (txid_current(), 'session.expired', OLD."userId", OLD."deviceId", OLD.id, 'EXPIRED', OLD."expiresAt");
  END IF;
  RETURN NULL;
END $$;
CREATE TRIGGER "Session_webhook_created" AFTER INSERT ON "Session"
  FOR EACH ROW EXECUTE FUNCTION devicekeeper_outbox_session();
CREATE TRIGGER "Session_webhook_revoked" AFTER UPDATE OF "revokedAt" ON "Session"
  FOR EACH ROW WHEN (OLD."revokedAt" IS NULL AND NEW."revokedAt" IS NOT NULL) EXECUTE FUNCTION devicekeeper_outbox_session();
-- Timestamps are stored as UTC without a zone.
CREATE TRIGGER "Session_webhook_expired" AFTER DELETE ON "Session"
  FOR EACH ROW WHEN (OLD."revokedAt" IS NULL AND OLD."expiresAt" < (now() AT TIME ZONE 'UTC')) EXECUTE FUNCTION devicekeeper_outbox_session();
