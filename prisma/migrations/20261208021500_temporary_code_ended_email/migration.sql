-- "Your administrator ended the temporary access code for your account": an administrator's "End it
-- now" is told to the user, always, as the code's issue is — the code they may have been given (or
-- that may have leaked) no longer works. The security-mail trigger learns 'temporary-access-code-ended';
-- the rest of it is unchanged.
CREATE OR REPLACE FUNCTION devicekeeper_queue_security_mail() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  k text;
  wanted boolean;
  byAdmin boolean := NEW."actorId" IS DISTINCT FROM NEW."userId";
BEGIN
  IF NEW."userId" IS NULL THEN RETURN NULL; END IF;
  k := CASE
    WHEN NEW.type = 'SIGN_IN' AND coalesce((NEW.detail->>'newDevice')::boolean, false) THEN 'new-device'
    WHEN NEW.type IN ('TOTP_ADDED', 'PASSKEY_ADDED', 'PUSH_REGISTERED', 'BINDING_REGISTERED') THEN 'second-factor-added'
    WHEN NEW.type IN ('TOTP_REMOVED', 'AUTHENTICATOR_REMOVED') THEN 'second-factor-removed'
    WHEN NEW.type IN ('ADMIN_RESET_OATH', 'ADMIN_RESET_PUSH', 'ADMIN_DELETED_WEBAUTHN', 'ADMIN_DELETED_BINDING', 'ADMIN_REVOKED_RECOVERY_CODES') THEN 'admin-mfa-reset'
    WHEN NEW.type = 'ADMIN_SIGNED_OUT_EVERYWHERE' THEN 'admin-signed-out'
    WHEN NEW.type = 'ADMIN_DISABLED_USER' THEN 'admin-disabled'
    WHEN NEW.type = 'ADMIN_ISSUED_TEMPORARY_ACCESS_CODE' THEN 'temporary-access-code'
    WHEN NEW.type = 'ADMIN_ENDED_TEMPORARY_ACCESS_CODE' THEN 'temporary-access-code-ended'
    WHEN NEW.type = 'DEVICE_LOST' AND (byAdmin OR coalesce((NEW.detail->>'factorsRemoved')::int, 0) > 0) THEN 'device-lost'
    WHEN NEW.type IN ('PASSWORD_CHANGED', 'PASSWORD_RESET') THEN 'password-changed'
    WHEN NEW.type = 'API_TOKEN_CREATED' THEN 'token-created'
    -- A client's failed sign-ins are one audit row per window, its count bumped: told at the 5th.
    WHEN NEW.type = 'SIGN_IN_FAILED' AND NEW.detail->>'reason' = 'password' AND (NEW.detail->>'count')::int = 5 THEN 'failed-sign-ins'
    -- The account-wide ceiling on wrong passwords was reached: one row per window (server/auth/throttle.ts).
    WHEN NEW.type = 'SIGN_IN_PAUSED' THEN 'sign-ins-paused'
    -- The user allowed an app that is not the organisation's own (first-party apps ask no consent).
    WHEN NEW.type = 'APP_AUTHORIZED' AND NOT coalesce((NEW.detail->>'firstParty')::boolean, false) THEN 'app-authorized'
    -- An administrator removed one app's access to this account (not a change to the app that ended everyone's: no cause).
    WHEN NEW.type = 'APP_ACCESS_REMOVED' AND byAdmin AND NEW.detail->>'cause' IS NULL THEN 'admin-app-access-removed'
  END;
  IF k IS NULL THEN RETURN NULL; END IF;
  IF TG_OP = 'UPDATE' AND (k <> 'failed-sign-ins' OR (OLD.detail->>'count')::int >= 5) THEN RETURN NULL; END IF;
  SELECT CASE k
           WHEN 'new-device' THEN "emailOnNewDevice"
           WHEN 'password-changed' THEN "emailOnPasswordChange"
           WHEN 'second-factor-added' THEN "emailOnSecondFactor"
           WHEN 'second-factor-removed' THEN "emailOnSecondFactor"
           WHEN 'device-lost' THEN CASE WHEN byAdmin THEN "emailOnAdminAction" ELSE "emailOnSecondFactor" END
           WHEN 'token-created' THEN "emailOnTokenCreated"
           WHEN 'failed-sign-ins' THEN "emailOnFailedSignIns"
           WHEN 'app-authorized' THEN "emailOnAppAccess"
           -- Someone is guessing the password from many places: always told, like a reset link.
           WHEN 'sign-ins-paused' THEN true
           -- A code that passes the second step was issued: always told, like a reset link.
           WHEN 'temporary-access-code' THEN true
           -- …and so is its end: the user knows the code they may have been given no longer works.
           WHEN 'temporary-access-code-ended' THEN true
           ELSE "emailOnAdminAction" END
    INTO wanted FROM "User" WHERE id = NEW."userId";
  IF NOT coalesce(wanted, false) THEN RETURN NULL; END IF;
  -- Not for the very first device of an account.
  IF k = 'new-device' AND NOT EXISTS (SELECT 1 FROM "Device" WHERE "userId" = NEW."userId" AND id IS DISTINCT FROM NEW."deviceId") THEN
    RETURN NULL;
  END IF;
  -- Only the first time an app is allowed on the account, or the first since its access was removed:
  -- an app that asks consent at every sign-in (each new session's grant) is not an email each time.
  IF k = 'app-authorized' AND EXISTS (
       SELECT 1 FROM "AuditEvent" e
        WHERE e."userId" = NEW."userId" AND e.type = 'APP_AUTHORIZED' AND e.id <> NEW.id
          AND e.detail->>'clientId' = NEW.detail->>'clientId'
          AND e."createdAt" > coalesce((SELECT max(r."createdAt") FROM "AuditEvent" r
                                         WHERE r."userId" = NEW."userId" AND r.type = 'APP_ACCESS_REMOVED'
                                           AND r.detail->>'clientId' = NEW.detail->>'clientId'), '-infinity'::timestamp)) THEN
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
