import "server-only";
import ipaddr from "ipaddr.js";
import type { Env } from "@/server/db/adapter";
import { ConfigError } from "@/server/config";

/**
 * How security emails leave:
 * - `smtp`: SMTP_URL is set (smtp://host:587, smtps://user:pass@host:465) — sent through it;
 * - `capture`: no SMTP_URL in development (`npm run dev`) — kept in the dev outbox and shown at
 *   /dev/mail (to this machine or an administrator);
 * - `off`: no SMTP_URL in production (`npm start`), whatever the database — nothing is sent (the
 *   server says so when it starts). Never captured there: the outbox holds working reset links,
 *   and behind a proxy on the same host every visitor looks like this machine.
 */
export type MailMode = "smtp" | "capture" | "off";

export function mailMode(env: Env = process.env): MailMode {
  if (env.SMTP_URL?.trim()) return "smtp";
  return env.NODE_ENV === "development" ? "capture" : "off";
}

/** SMTP_URL, checked: only smtp:// and smtps:// (nodemailer reads the rest: user, password, port, ?options). */
export function smtpUrl(env: Env = process.env): string {
  const url = env.SMTP_URL?.trim() ?? "";
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new ConfigError("SMTP_URL must be a URL such as smtp://mail.example.com:587 or smtps://user:password@mail.example.com:465.");
  }
  if (parsed.protocol !== "smtp:" && parsed.protocol !== "smtps:") throw new ConfigError("SMTP_URL must start with smtp:// or smtps://.");
  return url;
}

/** The address the app writes links for: AUTH_URL (or NEXTAUTH_URL), without a trailing slash. */
export function appBaseUrl(env: Env = process.env): string {
  return (env.AUTH_URL || env.NEXTAUTH_URL || `http://localhost:${env.PORT || 3000}`).replace(/\/+$/, "");
}

/** MAIL_FROM, else "Devicekeeper <no-reply@the app's host>". */
export function mailFrom(env: Env = process.env): string {
  if (env.MAIL_FROM?.trim()) return env.MAIL_FROM.trim();
  const host = new URL(appBaseUrl(env)).hostname;
  // An address needs a domain: not "localhost", not an IP literal.
  const domain = !host.includes(".") || ipaddr.isValid(host.replace(/^\[|\]$/g, "")) ? "devicekeeper.localhost" : host;
  return `Devicekeeper <no-reply@${domain}>`;
}
