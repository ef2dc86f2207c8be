import "server-only";
import { createRequire } from "node:module";
import path from "node:path";
import { format } from "node:util";
import pino, { type Logger } from "pino";

/*
 * One JSON logger per process (pino): one line per event, with a request id where there is one.
 * Pretty, human-readable lines in development (pino-pretty, a dev dependency). LOG_LEVEL sets the
 * level (default info; "silent" in tests). Never log tokens, cookies or passwords: request lines
 * carry the path without its query string and no headers but the user agent; `redact` is the
 * backstop for an object logged by mistake.
 */

const REDACT = [
  "password",
  "*.password",
  "token",
  "*.token",
  "secret",
  "*.secret",
  "cookie",
  "*.cookie",
  "authorization",
  "*.authorization",
  "headers.cookie",
  "headers.authorization",
];

function createLogger(): Logger {
  const dev = process.env.NODE_ENV !== "production";
  const level = process.env.LOG_LEVEL ?? (process.env.VITEST ? "silent" : "info");
  const options = { level, base: { pid: process.pid }, redact: { paths: REDACT, censor: "[redacted]" } };
  if (dev && !process.env.LOG_JSON) {
    try {
      // A stream in this thread, not a transport: no worker thread to bundle or to outlive the process.
      // Resolved from the project at run time, so a bundler never tries to include it.
      const require = createRequire(path.join(process.cwd(), "package.json"));
      const pretty = require("pino-pretty") as (o: object) => NodeJS.WritableStream;
      return pino(options, pretty({ colorize: true, singleLine: true, translateTime: "HH:MM:ss.l", ignore: "pid,hostname" }));
    } catch {
      // pino-pretty not installed (a production install running --dev): JSON it is.
    }
  }
  // Synchronous writes: a line logged just before the process exits (a crash, the end of a
  // shutdown) is never lost in a buffer. One line per request costs microseconds.
  return pino(options, pino.destination({ dest: 1, sync: true }));
}

export const logger: Logger = createLogger();

/**
 * Sends console output (Next's own messages and errors, libraries) through the logger too, so a
 * production process writes JSON lines only. Called once by the server's entry point.
 */
export function routeConsoleToLogger(): void {
  const to =
    (level: "info" | "warn" | "error" | "debug") =>
    (...args: unknown[]) => {
      const err = args.find((a): a is Error => a instanceof Error);
      if (err) logger[level]({ err }, format(...args.filter((a) => a !== err)) || err.message);
      else logger[level](format(...args));
    };
  console.log = to("info");
  console.info = to("info");
  console.warn = to("warn");
  console.error = to("error");
  console.debug = to("debug");
}
