import fs from "node:fs";
import path from "node:path";
import { expect } from "@playwright/test";
import type { ReceivedMail } from "../../scripts/lib/test-smtp";

/** Every email the test SMTP server received for this address so far (scripts/e2e-server.ts writes them). */
export function mailsTo(address: string): ReceivedMail[] {
  const dir = process.env.E2E_MAIL_DIR!;
  return fs
    .readdirSync(dir)
    .sort()
    .map((f) => JSON.parse(fs.readFileSync(path.join(dir, f), "utf8")) as ReceivedMail)
    .filter((m) => m.to.includes(address));
}

/** Waits until an email whose subject matches arrives for this address (the worker polls every second). */
export async function waitForMail(address: string, subject: RegExp, timeout = 15_000): Promise<ReceivedMail> {
  let found: ReceivedMail | undefined;
  await expect
    .poll(
      () => {
        found = mailsTo(address).find((m) => subject.test(m.subject));
        return !!found;
      },
      { timeout, message: `an email "${subject}" to ${address}` },
    )
    .toBe(true);
  return found!;
}

/** The URL after "Label: " in the plain-text body. */
export function linkIn(mail: ReceivedMail, label: string): string {
  const m = mail.text.match(new RegExp(`${label}: (\\S+)`));
  if (!m) throw new Error(`No "${label}" link in:\n${mail.text}`);
  return m[1]!;
}
