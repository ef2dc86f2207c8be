import "server-only";

export type AppErrorCode = "NOT_FOUND" | "INVALID_INPUT" | "UNAUTHENTICATED" | "FORBIDDEN" | "CONFLICT" | "RATE_LIMITED";

/** An error whose message is safe to show to the user. Anything else is logged, never shown. */
export class AppError extends Error {
  override name = "AppError";
  constructor(
    readonly code: AppErrorCode,
    readonly userMessage: string,
  ) {
    super(userMessage);
  }
}

export const notFound = (what: string) => new AppError("NOT_FOUND", `${what} not found`);

/** An error and its causes (drivers and Prisma wrap each other), a few levels deep. */
function causeChain(e: unknown, depth = 5): Record<string, unknown>[] {
  const chain: Record<string, unknown>[] = [];
  for (
    let err = e as Record<string, unknown> | undefined;
    err && typeof err === "object" && chain.length < depth;
    err = err.cause as Record<string, unknown> | undefined
  )
    chain.push(err);
  return chain;
}

/**
 * Is this a database error with the given SQLSTATE (or Prisma code)? The PGlite adapter does not
 * map errors to Prisma codes (a unique violation arrives as a raw DriverAdapterError), and drivers
 * wrap each other's errors, so match on codes through the cause chain rather than on one class.
 */
export function isDbError(e: unknown, kind: "unique" | "foreign-key" | "not-found" | "serialization"): boolean {
  const codes = {
    unique: ["P2002", "23505"],
    "foreign-key": ["P2003", "23503"],
    "not-found": ["P2025"],
    serialization: ["P2034", "40001", "40P01"],
  }[kind];
  return causeChain(e).some((err) => [err.code, err.originalCode].some((c) => typeof c === "string" && codes.includes(c)));
}

/** Connection-level failures: the database is down, restarting or refusing connections. */
const UNAVAILABLE_CODES = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "ETIMEDOUT",
  "EPIPE",
  "ENOTFOUND",
  "EAI_AGAIN",
  "57P01",
  "57P02",
  "57P03",
  "08000",
  "08001",
  "08003",
  "08004",
  "08006", // admin shutdown, crash, cannot connect now, connection exceptions
  "53300", // too many connections
  "P1001",
  "P1002",
  "P1017", // Prisma: can't reach, timed out, server closed the connection
]);
const UNAVAILABLE_KINDS = new Set(["DatabaseNotReachable", "ConnectionClosed", "SocketTimeout", "TooManyConnections"]);
const UNAVAILABLE_MESSAGES =
  /Connection terminated|Client has encountered a connection error|timeout exceeded when trying to connect|Connection refused/i;

/**
 * Is this failure the database being unreachable (a restart, a failover, an exhausted pool) rather
 * than a bug? Callers answer "try again shortly" (503) instead of a 500. Matched on codes, kinds and
 * messages through the cause chain, as isDbError does.
 */
export function isDbUnavailable(e: unknown): boolean {
  return causeChain(e).some(
    (err) =>
      [err.code, err.originalCode].some((c) => typeof c === "string" && UNAVAILABLE_CODES.has(c)) ||
      (typeof err.kind === "string" && UNAVAILABLE_KINDS.has(err.kind)) ||
      (typeof err.message === "string" && UNAVAILABLE_MESSAGES.test(err.message)),
  );
}

/** Each refusal's HTTP status, wherever one is answered over HTTP. */
const STATUS: Record<AppErrorCode, number> = {
  NOT_FOUND: 404,
  INVALID_INPUT: 400,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  CONFLICT: 409,
  RATE_LIMITED: 429,
};

export type Refused = { kind: "refusal"; code: AppErrorCode; status: number; message: string; field?: string };
export type Unavailable = { kind: "unavailable"; retryAfterSeconds: number };
/** What a failure means to whoever answers it; each surface (REST, server action, sign-in, page) renders it in its own shape. */
export type Failure = Refused | Unavailable | { kind: "bug" };

/** The database is out: a restart takes a few seconds, so that is how long clients are asked to wait. */
export const DB_OUTAGE: Readonly<Unavailable> = Object.freeze({ kind: "unavailable", retryAfterSeconds: 5 });

/**
 * The one mapping from a failure to its answer: an AppError is a refusal its message may show (and
 * the form field it is about, when it names one); the database being unreachable is "try again
 * shortly"; anything else is a bug, logged and never shown.
 */
export function classify(e: unknown): Failure {
  if (e instanceof AppError) {
    // An AppError may name the form field it is about (PasswordChangeError does).
    const field = (e as { field?: unknown }).field;
    return {
      kind: "refusal",
      code: e.code,
      status: STATUS[e.code] ?? 400,
      message: e.userMessage,
      ...(typeof field === "string" && { field }),
    };
  }
  if (isDbUnavailable(e)) return DB_OUTAGE;
  return { kind: "bug" };
}
