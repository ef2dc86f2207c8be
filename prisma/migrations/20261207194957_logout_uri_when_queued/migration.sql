-- AlterTable
ALTER TABLE "LogoutDelivery" ADD COLUMN     "uri" TEXT;


-- Each queued logout keeps the app's back-channel logout URI as it was then (server/oidc/logout-outbox.ts
-- delivers to the app's URI as it is, or to this one when a change has removed it since). As in
-- 20261204184920_oidc_provider, with the URI.
CREATE OR REPLACE FUNCTION devicekeeper_end_oidc_session(dk_session uuid) RETURNS integer LANGUAGE plpgsql AS $$
DECLARE
  queued integer;
BEGIN
  WITH gone AS (
    DELETE FROM "OidcPayload" WHERE "dkSessionId" = dk_session RETURNING model, payload
  ), logouts AS (
    INSERT INTO "LogoutDelivery" (id, "clientId", sub, sid, "dkSessionId", uri)
    SELECT gen_random_uuid(), a.key, g.payload->>'accountId', a.value->>'sid', dk_session, c."backchannelLogoutUri"
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
