// A real SMTP server for the tests (the `smtp-server` package), in the test's own process: the
// app sends to it over TCP with nodemailer, exactly as it would to a mail provider, and the
// tests read what arrived (parsed by `mailparser`). It can be told to refuse mail for a while.
import { SMTPServer } from "smtp-server";
import { simpleParser } from "mailparser";

export type ReceivedMail = { to: string[]; from: string; subject: string; text: string; html: string; receivedAt: number };

export type TestSmtp = {
  port: number;
  /** The SMTP_URL for the app. */
  url: string;
  mails: ReceivedMail[];
  /** While true, every message is refused with a temporary error (451), as a busy server does. */
  setFailing(failing: boolean): void;
  close(): Promise<void>;
};

export async function startTestSmtp({
  port = 0,
  onMail,
}: { port?: number; onMail?: (mail: ReceivedMail) => void } = {}): Promise<TestSmtp> {
  const mails: ReceivedMail[] = [];
  let failing = false;
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS"],
    logger: false,
    onData(stream, _session, callback) {
      simpleParser(stream)
        .then((parsed) => {
          if (failing) {
            const err = Object.assign(new Error("Try again later"), { responseCode: 451 });
            return callback(err);
          }
          const addresses = (v: typeof parsed.to) =>
            (Array.isArray(v) ? v : v ? [v] : []).flatMap((a) => a.value.map((x) => x.address ?? ""));
          const mail: ReceivedMail = {
            to: addresses(parsed.to),
            from: parsed.from?.value[0]?.address ?? "",
            subject: parsed.subject ?? "",
            text: parsed.text ?? "",
            html: typeof parsed.html === "string" ? parsed.html : "",
            receivedAt: Date.now(),
          };
          mails.push(mail);
          onMail?.(mail);
          callback();
        })
        .catch((e: Error) => callback(e));
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", () => resolve());
  });
  const address = (server as unknown as { server: import("node:net").Server }).server.address();
  const actual = typeof address === "object" && address ? address.port : port;
  return {
    port: actual,
    url: `smtp://127.0.0.1:${actual}`,
    mails,
    setFailing: (v) => {
      failing = v;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
