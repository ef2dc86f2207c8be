// `npm run secrets:reseal`: after rotating AUTH_SECRET (the old one in AUTH_SECRET_PREVIOUS),
// seal every stored TOTP secret, push secret and push token with the new secret now instead of at
// its next use (server/mfa/reseal-secrets.ts). See docs/operating.md, "Rotating AUTH_SECRET".
import { resealSecrets } from "../server/mfa/reseal-secrets";
import { runCli, withCliClient } from "./lib/cli";

runCli(async () => {
  const r = await withCliClient((db) => resealSecrets(db));
  console.log(
    `✔ ${r.resealed} of ${r.checked} authenticators re-sealed with AUTH_SECRET${r.unreadable ? `; ${r.unreadable} secret(s) could not be read with any configured secret` : ""}`,
  );
});
