// `npm run secrets:reseal`: after rotating AUTH_SECRET (the old one in AUTH_SECRET_PREVIOUS),
// seal every stored secret with the new secret now (server/maintenance/reseal-secrets.ts): second
// factors, webhook signing secrets, apps' client secrets, the OpenID Provider's signing keys.
// See docs/operating.md, "Rotating AUTH_SECRET".
import { resealSecrets } from "../server/maintenance/reseal-secrets";
import { runCli, withCliClient } from "./lib/cli";

runCli(async () => {
  const r = await withCliClient((db) => resealSecrets(db));
  console.log(
    `✔ ${r.resealed} of ${r.checked} stored secrets (second factors, webhooks, apps, signing keys) re-sealed with AUTH_SECRET${r.unreadable ? `; ${r.unreadable} secret(s) could not be read with any configured secret` : ""}`,
  );
});
