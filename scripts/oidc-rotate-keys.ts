// `npm run oidc:rotate-keys`: a new signing key for the OpenID provider (server/oidc/signing-keys.ts).
// It signs ID tokens and logout tokens from now on; the previous key stays in the JWKS for
// OIDC_KEY_OVERLAP_DAYS (default 7), so tokens it signed still verify. Running instances are
// notified and switch at once (and notice within a minute if a notification is lost). See
// docs/oidc.md, "Rotating the signing keys".
import { closeDatabase, databaseMode } from "../server/db/adapter";
import { migrate } from "../server/db/migrate";
import { getAuthSecret } from "../server/config";
import { keyOverlapMs, rotateSigningKey } from "../server/oidc/signing-keys";
import { runCli } from "./lib/cli";

runCli(async () => {
  getAuthSecret(); // the new key is sealed with it: fail now, clearly, without it
  await migrate();
  const { created, retired, publishedUntil } = await rotateSigningKey();
  await closeDatabase();
  console.log(`✔ New OpenID signing key ${created}: it signs from now on.`);
  if (retired.length)
    console.log(
      `  The previous key ${retired.join(", ")} stays in the JWKS until ${publishedUntil.toISOString()} (OIDC_KEY_OVERLAP_DAYS=${keyOverlapMs() / 86_400_000}), so tokens it signed still verify.`,
    );
  else console.log("  There was no previous key.");
  console.log(
    databaseMode() === "pglite"
      ? "  The embedded database serves one process: the server loads the new key when it starts."
      : "  Running instances were notified and sign with the new key now (each also checks once a minute).",
  );
});
