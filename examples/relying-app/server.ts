// Starts the example app (app.ts) that signs in with Devicekeeper.
//
//   npm run example:app                    against the demo: `npm run dev` on http://localhost:3000,
//                                          as its seeded app "Team Wiki (example)"
//   ISSUER=https://devices.example.com/oidc CLIENT_ID=… CLIENT_SECRET=… npx tsx examples/relying-app/server.ts
//
// ISSUER, CLIENT_ID and CLIENT_SECRET: the app as registered at Devicekeeper (Admin → Apps), with the
// redirect URI ${APP_URL}/callback, the post-logout redirect URI ${APP_URL}/ and the back-channel
// logout URI ${APP_URL}/backchannel-logout. PORT (default 4000); APP_URL (default
// http://localhost:$PORT) is where browsers and Devicekeeper reach it; APP_NAME (default "Team Wiki
// (example)") is what its pages call it. See docs/oidc.md.
import http from "node:http";
import * as client from "openid-client";
import { createRelyingApp, DEMO } from "./app";

const demo = process.argv.includes("--demo");
const port = Number(process.env.PORT || 4000);
const baseUrl = (process.env.APP_URL || `http://localhost:${port}`).replace(/\/+$/, "");
const issuer = process.env.ISSUER || (demo ? DEMO.issuer : "");
const clientId = process.env.CLIENT_ID || (demo ? DEMO.clientId : "");
const clientSecret = process.env.CLIENT_SECRET || (demo ? DEMO.clientSecret : "");
const name = process.env.APP_NAME || "Team Wiki (example)";

async function main() {
  const missing = Object.entries({ ISSUER: issuer, CLIENT_ID: clientId, CLIENT_SECRET: clientSecret }).filter(([, v]) => !v);
  if (missing.length) {
    console.error(`✖ Set ${missing.map(([k]) => k).join(", ")} (or run \`npm run example:app\` against the demo). See docs/oidc.md.`);
    process.exit(1);
  }
  // openid-client refuses plain http unless told: allowed for an http:// issuer (the demo on this machine). Use https otherwise.
  const insecure = new URL(issuer).protocol === "http:";
  let config: client.Configuration;
  try {
    config = await client.discovery(new URL(issuer), clientId, undefined, client.ClientSecretBasic(clientSecret), {
      ...(insecure ? { execute: [client.allowInsecureRequests] } : {}),
    });
  } catch (e) {
    console.error(`✖ Could not read ${issuer}/.well-known/openid-configuration: ${(e as Error).message}`);
    console.error(
      demo
        ? "  Is Devicekeeper running? Start it with `npm run dev`. On another address, set ISSUER to its issuer (e.g. ISSUER=http://localhost:3300/oidc)."
        : "  Check ISSUER.",
    );
    process.exit(1);
  }
  const app = createRelyingApp({ config, baseUrl, name });
  const server = http.createServer((req, res) => void app.handle(req, res));
  server.listen(port, () => {
    console.log(`✔ ${name} on ${baseUrl}, signing in with ${issuer} as ${clientId}`);
  });
}

void main();
