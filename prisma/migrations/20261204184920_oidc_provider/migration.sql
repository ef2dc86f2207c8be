-- CreateEnum
CREATE TYPE "LogoutDeliveryStatus" AS ENUM ('PENDING', 'DELIVERED', 'FAILED');

-- AlterTable
ALTER TABLE "User" ADD COLUMN     "emailVerifiedAt" TIMESTAMP(3);

-- AlterTable
ALTER TABLE "Session" ADD COLUMN     "method" "VerificationMethod";

-- CreateTable
CREATE TABLE "OidcClient" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "confidential" BOOLEAN NOT NULL DEFAULT true,
    "secretEnc" TEXT,
    "secretPrefix" TEXT,
    "redirectUris" TEXT[],
    "postLogoutRedirectUris" TEXT[],
    "backchannelLogoutUri" TEXT,
    "firstParty" BOOLEAN NOT NULL DEFAULT false,
    "scopes" TEXT[],
    "disabledAt" TIMESTAMP(3),
    "createdById" UUID,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "OidcClient_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "OidcPayload" (
    "model" TEXT NOT NULL,
    "id" TEXT NOT NULL,
    "payload" JSONB NOT NULL,
    "grantId" TEXT,
    "userCode" TEXT,
    "uid" TEXT,
    "accountId" UUID,
    "clientId" TEXT,
    "dkSessionId" UUID,
    "expiresAt" TIMESTAMP(3),
    "consumedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "OidcPayload_pkey" PRIMARY KEY ("model","id")
);

-- CreateTable
CREATE TABLE "OidcSigningKey" (
    "kid" TEXT NOT NULL,
    "alg" TEXT NOT NULL,
    "jwkEnc" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "retiredAt" TIMESTAMP(3),

    CONSTRAINT "OidcSigningKey_pkey" PRIMARY KEY ("kid")
);

-- CreateTable
CREATE TABLE "LogoutDelivery" (
    "id" UUID NOT NULL,
    "clientId" TEXT NOT NULL,
    "sub" TEXT NOT NULL,
    "sid" TEXT,
    "dkSessionId" UUID,
    "status" "LogoutDeliveryStatus" NOT NULL DEFAULT 'PENDING',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "nextAttemptAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lockedUntil" TIMESTAMP(3),
    "lastAttemptAt" TIMESTAMP(3),
    "deliveredAt" TIMESTAMP(3),
    "responseStatus" INTEGER,
    "lastError" TEXT,

    CONSTRAINT "LogoutDelivery_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "OidcPayload_grantId_idx" ON "OidcPayload"("grantId");

-- CreateIndex
CREATE INDEX "OidcPayload_model_uid_idx" ON "OidcPayload"("model", "uid");

-- CreateIndex
CREATE INDEX "OidcPayload_dkSessionId_idx" ON "OidcPayload"("dkSessionId");

-- CreateIndex
CREATE INDEX "OidcPayload_accountId_clientId_idx" ON "OidcPayload"("accountId", "clientId");

-- CreateIndex
CREATE INDEX "OidcPayload_expiresAt_idx" ON "OidcPayload"("expiresAt");

-- CreateIndex
CREATE INDEX "LogoutDelivery_status_nextAttemptAt_idx" ON "LogoutDelivery"("status", "nextAttemptAt");

-- CreateIndex
CREATE INDEX "LogoutDelivery_clientId_createdAt_idx" ON "LogoutDelivery"("clientId", "createdAt");

-- AddForeignKey
ALTER TABLE "LogoutDelivery" ADD CONSTRAINT "LogoutDelivery_clientId_fkey" FOREIGN KEY ("clientId") REFERENCES "OidcClient"("id") ON DELETE CASCADE ON UPDATE CASCADE;


-- Ending a Devicekeeper Session ends what hangs from it at the OpenID Provider, in the same
-- transaction, whichever code path ended it (Prisma calls and one-statement SQL alike): its
-- provider sessions, grants, codes and tokens are deleted, and every app of those provider
-- sessions that registered a back-channel logout URI gets a logout queued (server/oidc/).
CREATE FUNCTION devicekeeper_end_oidc_session(dk_session uuid) RETURNS integer LANGUAGE plpgsql AS $$
DECLARE
  queued integer;
BEGIN
  WITH gone AS (
    DELETE FROM "OidcPayload" WHERE "dkSessionId" = dk_session RETURNING model, payload
  ), logouts AS (
    INSERT INTO "LogoutDelivery" (id, "clientId", sub, sid, "dkSessionId")
    SELECT gen_random_uuid(), a.key, g.payload->>'accountId', a.value->>'sid', dk_session
      FROM gone g
      CROSS JOIN LATERAL jsonb_each(coalesce(g.payload->'authorizations', '{}'::jsonb)) a
      JOIN "OidcClient" c ON c.id = a.key AND c."backchannelLogoutUri" IS NOT NULL
     WHERE g.model = 'Session' AND g.payload->>'accountId' IS NOT NULL
    RETURNING 1)
  SELECT count(*) INTO queued FROM logouts;
  -- Wakes the logout worker of every instance at once (it also polls).
  IF queued > 0 THEN PERFORM pg_notify('devicekeeper_logout', ''); END IF;
  RETURN queued;
END $$;

CREATE FUNCTION devicekeeper_session_ended() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    PERFORM devicekeeper_end_oidc_session(OLD.id);
  ELSIF OLD."revokedAt" IS NULL AND NEW."revokedAt" IS NOT NULL THEN
    PERFORM devicekeeper_end_oidc_session(NEW.id);
  END IF;
  RETURN NULL;
END $$;

CREATE TRIGGER "Session_ends_oidc" AFTER UPDATE OF "revokedAt" OR DELETE ON "Session"
  FOR EACH ROW EXECUTE FUNCTION devicekeeper_session_ended();
