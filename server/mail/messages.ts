import "server-only";
import { formatExact, listAnd } from "@/lib/format";
import { scopeWords } from "@/lib/apps";

/** What a security email can be about (queued by the audit trigger, or explicitly for a reset). */
export const MAIL_KINDS = [
  "new-device",
  "password-reset",
  "password-changed",
  "second-factor-added",
  "second-factor-removed",
  "admin-mfa-reset",
  "device-lost",
  "admin-signed-out",
  "admin-disabled",
  "token-created",
  "failed-sign-ins",
  "sign-ins-paused",
  "temporary-access-code",
  "temporary-access-code-ended",
  "app-authorized",
  "admin-app-access-removed",
] as const;
export type MailKind = (typeof MAIL_KINDS)[number];

/** Everything a message says, gathered by the worker (server/mail/deliver-mail.ts). */
export type MailFacts = {
  kind: MailKind;
  to: { email: string; name: string };
  /** When it happened. */
  at: Date;
  /**
   * The browser that did it or asked, as it was then: "Chrome 131 on macOS". Never a device's
   * name: whoever signed in can rename the device before the email is sent.
   */
  device: string | null;
  ip: string | null;
  /** "Berlin, Germany" */
  place: string | null;
  /** A sign-in from a country the account had not used before. */
  unusualCountry: boolean;
  /** The administrator who acted ("Ada Admin"), for the admin-* kinds. */
  actorName: string | null;
  /** The event's own words: which second factor, how many sessions ended, how many attempts… */
  what: {
    name?: string;
    count?: number;
    /** How many different clients (sign-ins-paused). */
    clients?: number;
    /** When the pause lifts (sign-ins-paused), when the code expires (temporary-access-code): ISO. */
    until?: string;
    sessionsEnded?: number;
    tokensRevoked?: number;
    resetKind?: string;
    /** device-lost: the device's name when it was marked, and the second factors that went with it. */
    deviceName?: string;
    /** new-device: the app the sign-in continued to ("Team Wiki"), when an app sent the browser; app-authorized: the app. */
    appName?: string;
    /** app-authorized: what the app was allowed (OpenID scopes: "openid", "email", "profile", "offline_access"). */
    scopes?: string[];
    factors?: string[];
    /** The apps the ended sessions were signed in to (password-changed, device-lost, admin-signed-out, admin-disabled). */
    apps?: string[];
    /**
     * admin-mfa-reset, device-lost: what signing in asks for as the account is when the email is
     * sent ("Signing in asks for your password, then a passkey or security key."), and whether a
     * second factor is left to set up the second step with (a skip option or a temporary code aside).
     */
    signInNow?: { sentence: string; secondFactorLeft: boolean };
    /** The user did it themself (not an administrator or a server key). */
    byUser?: boolean;
  };
  links: {
    /** "This was me" and "This wasn't me" (new-device): the same single-use token. */
    recognise?: string;
    notMe?: string;
    /** The password-reset link (password-reset). */
    reset?: string;
    forgotPassword: string;
    security: string;
    devices: string;
    /** The user's connected apps (Remove access). */
    apps: string;
    preferences: string;
  };
};

export type RenderedMail = { subject: string; text: string; html: string };

type Block =
  { p: string } | { facts: [string, string][] } | { buttons: { label: string; href: string; primary?: boolean }[] } | { small: string };

const esc = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

/**
 * The lines about where and how, shared by every message about an event. `deviceLabel`: what the
 * browser line is called when the message is about another device ("Marked from", not "Device").
 */
function whereAndWhen(f: MailFacts, deviceLabel = "Device"): [string, string][] {
  const rows: [string, string][] = [["Account", f.to.email]];
  if (f.device) rows.push([deviceLabel, f.device]);
  rows.push([
    "Where",
    f.place
      ? `near ${f.place} (approximate)${f.unusualCountry ? " — a country this account has not signed in from before" : ""}`
      : "unknown",
  ]);
  if (f.ip) rows.push(["IP address", f.ip]);
  rows.push(["When", formatExact(f.at)]);
  return rows;
}

/**
 * The lines of a message about what an administrator did: who and when. Not where: the place and
 * the address are the administrator's, not the reader's (they stay in the audit log, for admins).
 */
function byAdministrator(f: MailFacts): [string, string][] {
  return [
    ["Account", f.to.email],
    ["By", f.actorName ? `${f.actorName}, an administrator` : "An administrator"],
    ["When", formatExact(f.at)],
  ];
}

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/**
 * After second factors went: what signing in asks for now, then the Security page — as the way to
 * set the second step up again (`setUp`) when no second factor is left, else to look at the rest.
 * Without the account's state (an older queued row), only the link.
 */
function signInNow(f: MailFacts, setUp: string): Block[] {
  const now = f.what.signInNow;
  if (!now) return [{ p: `${setUp}: ${f.links.security}` }];
  return [
    { p: `From now on, ${now.sentence[0]!.toLowerCase()}${now.sentence.slice(1)}` },
    { p: now.secondFactorLeft ? `See your second factors: ${f.links.security}` : `${setUp}: ${f.links.security}` },
  ];
}

/**
 * "The apps signed in on them were signed out too: Team Wiki and Grafana." — the apps the ended
 * sessions (`them`) or the device (`it`) were signed in to, as the history and the dialog name them.
 */
function appsToo(f: MailFacts, on: "them" | "it"): Block[] {
  const apps = f.what.apps ?? [];
  return apps.length
    ? [
        {
          p: `The ${apps.length === 1 ? "app" : "apps"} signed in on ${on} ${apps.length === 1 ? "was" : "were"} signed out too: ${listAnd(apps)}.`,
        },
      ]
    : [];
}

/** What each message says: its subject and its blocks, rendered below as plain text and as HTML. */
function compose(f: MailFacts): { subject: string; heading: string; blocks: Block[]; why: string } {
  const hi = { p: `Hi ${f.to.name},` };
  const alerts = `You receive this because security alerts are on for ${f.to.email}. Choose which ones you get: ${f.links.preferences}`;
  const notYou = (extra = ""): Block => ({
    p: `If this wasn't you, reset your password now${extra}: ${f.links.forgotPassword}`,
  });
  switch (f.kind) {
    case "new-device": {
      // The subject names the browser as its User-Agent said, never the device's (renameable) name.
      const software = f.device ?? "an unrecognised browser";
      const { recognise, notMe } = f.links;
      // An app sent the browser to sign in: the email names it as what the sign-in was for, not as an
      // app now signed in — it is sent once the password is right, before the app is allowed (or refused) access.
      const app = f.what.appName;
      const facts = whereAndWhen(f);
      if (app) facts.splice(1, 0, ["App", app]);
      return {
        subject: app
          ? `New sign-in to your account for ${app} on ${software}${f.place ? ` near ${f.place}` : ""}`
          : `New sign-in to your account on ${software}${f.place ? ` near ${f.place}` : ""}`,
        heading: "New sign-in on a device we haven't seen before",
        blocks: [
          hi,
          {
            p: app
              ? `Your Devicekeeper account was just signed in to from ${software}, a device it has not signed in on before, for ${app}.`
              : "Your Devicekeeper account was just signed in to from a new device.",
          },
          { facts },
          ...((recognise && notMe
            ? [
                { p: "Was this you?" },
                {
                  buttons: [
                    { label: "This was me", href: recognise },
                    { label: "This wasn't me", href: notMe, primary: true },
                  ],
                },
                {
                  p: "“This wasn't me” signs that device out at once and stops trusting it — you don't need your password — and then helps you choose a new password and check your second factors.",
                },
                { small: "The buttons work once, for 7 days. If you do nothing, nothing changes." },
              ]
            : [
                // The account's email links were revoked after this sign-in (a password change…).
                { p: `If this wasn't you, sign that device out on your devices page: ${f.links.devices}` },
              ]) satisfies Block[]),
        ],
        why: alerts,
      };
    }
    case "password-reset":
      return {
        subject: "Reset your Devicekeeper password",
        heading: "Reset your password",
        blocks: [
          hi,
          { p: "Someone — hopefully you — asked to reset the password of your Devicekeeper account." },
          { facts: whereAndWhen(f) },
          { buttons: [{ label: "Choose a new password", href: f.links.reset!, primary: true }] },
          {
            p: "The link works once, for 30 minutes. Setting a new password signs out every device and revokes your personal access tokens.",
          },
          { small: "If you didn't ask for this, ignore this email: your password stays as it is." },
        ],
        why: `You receive this because a password reset was requested for ${f.to.email}; it is always sent.`,
      };
    case "password-changed":
      return {
        subject: "Your Devicekeeper password was changed",
        heading: "Your password was changed",
        blocks: [
          hi,
          {
            p: `The password of your account was changed${
              f.what.sessionsEnded ? `; ${plural(f.what.sessionsEnded, "session")} on other devices ended` : ""
            }${f.what.tokensRevoked ? ` and ${plural(f.what.tokensRevoked, "personal access token")} ${f.what.tokensRevoked === 1 ? "was" : "were"} revoked` : ""}.`,
          },
          ...appsToo(f, "them"),
          { facts: whereAndWhen(f) },
          notYou(" — a new password signs every device out"),
        ],
        why: alerts,
      };
    case "second-factor-added":
    case "second-factor-removed": {
      const added = f.kind === "second-factor-added";
      return {
        subject: added ? "A second factor was added to your account" : "A second factor was removed from your account",
        heading: added ? "Second factor added" : "Second factor removed",
        blocks: [
          hi,
          { p: `“${f.what.name ?? "A second factor"}” was ${added ? "added to" : "removed from"} your account.` },
          { facts: whereAndWhen(f) },
          { p: `Review your second factors: ${f.links.security}` },
          notYou(),
        ],
        why: alerts,
      };
    }
    case "admin-mfa-reset":
      return {
        // What was done, as the button and the history say it: not "your second factors" when one kind was reset.
        subject: `An administrator ${f.what.resetKind ?? "reset your second factors"}`,
        heading: "Your second factors changed",
        blocks: [
          hi,
          { p: `${f.actorName ?? "An administrator"} ${f.what.resetKind ?? "reset your second factors"}.` },
          { facts: byAdministrator(f) },
          ...signInNow(f, "Set up a second factor again"),
          { small: "If you did not expect this, ask your administrator why." },
        ],
        why: alerts,
      };
    case "device-lost": {
      const { deviceName = "A device", factors = [], byUser = false, sessionsEnded = 0 } = f.what;
      const by = byUser ? "You" : (f.actorName ?? "An administrator");
      const names = factors.map((n) => `“${n}”`).join(", ");
      return {
        subject: byUser ? "You marked one of your devices as lost" : "An administrator marked one of your devices as lost",
        heading: "A device was marked as lost",
        blocks: [
          hi,
          {
            p: `${by} marked “${deviceName}” as lost. It was signed out${
              sessionsEnded ? ` (${plural(sessionsEnded, "session")} ended)` : ""
            } and is no longer trusted: if it signs in again, it counts as a new device.`,
          },
          ...appsToo(f, "it"),
          ...(factors.length
            ? [{ p: `The second factors set up on it were removed: ${names}.` }, ...signInNow(f, "Set up a new second factor")]
            : []),
          // The browser it was done from, not the lost device the paragraph above names.
          { facts: byUser ? whereAndWhen(f, "Marked from") : byAdministrator(f) },
          byUser ? notYou() : { small: "If you did not expect this, ask your administrator why." },
        ],
        why: alerts,
      };
    }
    case "temporary-access-code": {
      // A notice, never the code: whoever reads this mailbox must not be able to sign in with it.
      const until = f.what.until ? ` It works once, until ${formatExact(f.what.until)}.` : " It works once, for a short time.";
      return {
        subject: "Your administrator issued a temporary access code for your account",
        heading: "A temporary access code was issued",
        blocks: [
          hi,
          {
            p: `${f.actorName ?? "Your administrator"} issued a temporary access code for your account: it lets you sign in without your second factor, for example after losing your phone.${until}`,
          },
          {
            p: "Your administrator gives you the code themselves; it is never sent by email. After signing in with it, set up a new second factor if you no longer have yours.",
          },
          { facts: byAdministrator(f) },
          { small: "If you did not expect it, ask your administrator why." },
        ],
        why: `You receive this because a temporary access code was issued for ${f.to.email}; it is always sent.`,
      };
    }
    case "temporary-access-code-ended":
      return {
        subject: "Your administrator ended the temporary access code for your account",
        heading: "A temporary access code was ended",
        blocks: [
          hi,
          {
            p: `${f.actorName ?? "Your administrator"} ended the temporary access code for your account before it was used: it no longer works. Sign in with your second factor as usual.`,
          },
          { facts: byAdministrator(f) },
          { small: "If you still need to sign in without your second factor, ask your administrator for a new code." },
        ],
        why: `You receive this because a temporary access code for ${f.to.email} was ended; it is always sent.`,
      };
    case "app-authorized": {
      // Consent on a phished page is how an app gets an account without its password: the user is
      // told what it may do and how to take it back (first-party apps ask no consent and send none).
      const app = f.what.appName ?? "An app";
      const may = (f.what.scopes ?? []).map((s) => ({ p: `• ${scopeWords(s)}` }));
      return {
        subject: `${app} can now sign you in with your Devicekeeper account`,
        heading: `You allowed ${app} to sign you in`,
        blocks: [
          hi,
          { p: `You allowed ${app} to use your Devicekeeper account. It may:` },
          ...may,
          { facts: whereAndWhen(f) },
          {
            p: `If this wasn't you, or you no longer use ${app}, remove its access — it is signed out on every device at once: ${f.links.apps}`,
          },
          { small: "You are told the first time you allow an app, and again if you allow it after removing its access." },
        ],
        why: alerts,
      };
    }
    case "admin-signed-out":
      return {
        subject: "An administrator signed you out everywhere",
        heading: "You were signed out everywhere",
        blocks: [
          hi,
          {
            p: `${f.actorName ?? "An administrator"} signed you out on every device${
              f.what.sessionsEnded ? ` (${plural(f.what.sessionsEnded, "session")} ended)` : ""
            }${f.what.tokensRevoked ? ` and revoked ${plural(f.what.tokensRevoked, "personal access token")}` : ""}. Sign in again to continue: ${f.links.devices}`,
          },
          ...appsToo(f, "them"),
          { facts: byAdministrator(f) },
        ],
        why: alerts,
      };
    case "admin-app-access-removed": {
      // The words of the Apps page's button and of the history: "removed access for Survey tool".
      const app = f.what.appName ?? "an app";
      return {
        subject: `An administrator removed access for ${app} to your account`,
        heading: "An app's access was removed",
        blocks: [
          hi,
          {
            p: `${f.actorName ?? "An administrator"} removed access for ${app} to your Devicekeeper account: it was signed out on every device at once, and cannot use your account until you sign in to it again.`,
          },
          { facts: [...byAdministrator(f), ["App", app]] },
          { p: `See the apps that can use your account: ${f.links.apps}` },
          { small: "If you don't know why, ask your administrator." },
        ],
        why: alerts,
      };
    }
    case "admin-disabled":
      return {
        subject: "Your Devicekeeper account was disabled",
        heading: "Your account was disabled",
        blocks: [
          hi,
          { p: `${f.actorName ?? "An administrator"} disabled your account: you are signed out everywhere and cannot sign in.` },
          ...appsToo(f, "them"),
          { facts: byAdministrator(f) },
          { small: "If you think this is a mistake, contact your administrator." },
        ],
        why: alerts,
      };
    case "token-created":
      return {
        subject: "A personal access token was created",
        heading: "New personal access token",
        blocks: [
          hi,
          { p: `The personal access token “${f.what.name ?? ""}” was created: it can act as you through the API.` },
          { facts: whereAndWhen(f) },
          { p: `Your tokens: ${f.links.security.replace(/\/security$/, "/settings/tokens")}` },
          notYou(" — that also revokes every token"),
        ],
        why: alerts,
      };
    case "failed-sign-ins":
      return {
        subject: "Failed sign-in attempts on your account",
        heading: "Someone is trying your password",
        blocks: [
          hi,
          {
            p: `There were ${plural(f.what.count ?? 5, "failed sign-in attempt")} on your account with a wrong password. After 10, that client is locked out for a while.`,
          },
          { facts: whereAndWhen({ ...f, device: null }) },
          { p: `If it was you and you forgot your password: ${f.links.forgotPassword}` },
          { small: "If it wasn't you, your account is still safe as long as your password is not guessable; consider a longer one." },
        ],
        why: alerts,
      };
    case "sign-ins-paused": {
      const until = f.what.until ? ` until ${formatExact(f.what.until)}` : " for up to an hour";
      return {
        subject: "Someone is guessing your password: new sign-ins are paused",
        heading: "Signing in from new devices is paused",
        blocks: [
          hi,
          {
            p: `There were ${plural(f.what.count ?? 0, "wrong password")} for your account from ${plural(f.what.clients ?? 0, "different place")} in the last hour. To protect it, signing in from a device that has never signed in to your account is paused${until}.`,
          },
          { p: "The devices you have already signed in on can still sign in as usual." },
          { p: `If you think someone may know your password, change it: ${f.links.security}` },
          { small: "You don't need to do anything else: the pause lifts by itself. This email is sent at most once an hour." },
        ],
        why: `You receive this because someone is trying to sign in to ${f.to.email}; it is always sent.`,
      };
    }
  }
}

const LOCATION_CREDIT = "Approximate location by DB-IP (CC BY 4.0): https://db-ip.com";

/** The plain-text and HTML bodies of one message: same words, no remote images, no tracking. */
export function renderMail(f: MailFacts): RenderedMail {
  const { subject, heading, blocks, why } = compose(f);
  // The location database is credited where the message shows a place it found, and only there.
  const placed = blocks.some((b) => "facts" in b && b.facts.some(([k, v]) => k === "Where" && v !== "unknown"));
  const text = [
    heading,
    "",
    ...blocks.flatMap((b) => {
      if ("p" in b) return [b.p, ""];
      if ("small" in b) return [b.small, ""];
      if ("facts" in b) return [...b.facts.map(([k, v]) => `${k}: ${v}`), ""];
      return [...b.buttons.map((x) => `${x.label}: ${x.href}`), ""];
    }),
    "—",
    why,
    `See your devices: ${f.links.devices}`,
    ...(placed ? [LOCATION_CREDIT] : []),
  ].join("\n");

  const font = "font-family:-apple-system,Segoe UI,Roboto,Helvetica,Arial,sans-serif";
  const body = blocks
    .map((b) => {
      if ("p" in b) return `<p style="margin:0 0 16px;line-height:1.5">${linkify(b.p)}</p>`;
      if ("small" in b) return `<p style="margin:0 0 16px;line-height:1.5;font-size:13px;color:#475569">${linkify(b.small)}</p>`;
      if ("facts" in b)
        return `<table role="presentation" style="margin:0 0 16px;border-collapse:collapse;font-size:14px">${b.facts
          .map(
            ([k, v]) =>
              `<tr><th scope="row" style="text-align:left;padding:4px 16px 4px 0;color:#475569;font-weight:600;vertical-align:top;white-space:nowrap">${esc(k)}</th><td style="padding:4px 0">${esc(v)}</td></tr>`,
          )
          .join("")}</table>`;
      return `<p style="margin:0 0 16px">${b.buttons
        .map(
          (x) =>
            `<a href="${esc(x.href)}" style="display:inline-block;margin:0 8px 8px 0;padding:12px 20px;border-radius:6px;text-decoration:none;font-weight:600;${
              x.primary ? "background:#b91c1c;color:#ffffff" : "background:#e2e8f0;color:#0f172a"
            }">${esc(x.label)}</a>`,
        )
        .join("")}</p>`;
    })
    .join("\n");
  const html = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width"><title>${esc(subject)}</title></head>
<body style="margin:0;padding:24px;background:#f8fafc;color:#0f172a;${font}">
<main style="max-width:560px;margin:0 auto;background:#ffffff;border:1px solid #e2e8f0;border-radius:8px;padding:24px">
<h1 style="margin:0 0 16px;font-size:20px">${esc(heading)}</h1>
${body}
<hr style="border:none;border-top:1px solid #e2e8f0;margin:24px 0 12px">
<p style="margin:0 0 8px;font-size:12px;color:#475569;line-height:1.5">${linkify(why)} · <a href="${esc(f.links.devices)}" style="color:#1d4ed8">Your devices</a></p>
${placed ? `<p style="margin:0;font-size:12px;color:#475569">Approximate location by <a href="https://db-ip.com" style="color:#1d4ed8">DB-IP</a> (CC BY 4.0).</p>\n` : ""}</main>
</body></html>`;
  return { subject, text, html };
}

/** Escapes a sentence and turns the URLs in it into links. */
function linkify(s: string): string {
  return esc(s).replace(/https?:\/\/[^\s<]+[^\s<.,:;)]/g, (url) => `<a href="${url}" style="color:#1d4ed8">${url}</a>`);
}
