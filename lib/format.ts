const rtf = new Intl.RelativeTimeFormat("en", { numeric: "auto" });
const UNITS: [Intl.RelativeTimeFormatUnit, number][] = [
  ["year", 365 * 24 * 3600],
  ["month", 30 * 24 * 3600],
  ["week", 7 * 24 * 3600],
  ["day", 24 * 3600],
  ["hour", 3600],
  ["minute", 60],
];

/** "just now", "5 minutes ago", "yesterday", "3 weeks ago"… */
export function formatRelative(date: Date | string, now: Date = new Date()): string {
  const seconds = Math.round((new Date(date).getTime() - now.getTime()) / 1000);
  if (Math.abs(seconds) < 60) return "just now";
  for (const [unit, size] of UNITS) {
    if (Math.abs(seconds) >= size) return rtf.format(Math.round(seconds / size), unit);
  }
  return "just now";
}

const exact = new Intl.DateTimeFormat("en-GB", { dateStyle: "medium", timeStyle: "short", timeZone: "UTC" });

/** The exact time, shown on hover: "21 Nov 2026, 20:47 UTC". */
export function formatExact(date: Date | string): string {
  return `${exact.format(new Date(date))} UTC`;
}

const day = new Intl.DateTimeFormat("en-GB", { dateStyle: "medium", timeZone: "UTC" });
export function formatDay(date: Date | string): string {
  return day.format(new Date(date));
}

const inMinutes = (seconds: number) => {
  const minutes = Math.max(1, Math.ceil((Number.isFinite(seconds) ? seconds : 60) / 60));
  return `${minutes} ${minutes === 1 ? "minute" : "minutes"}`;
};

/** "Too many attempts. Try again in 12 minutes." — for a lock of `seconds`. */
export function tooManyAttempts(seconds: number): string {
  return `Too many attempts. Try again in ${inMinutes(seconds)}.`;
}

/** The account-wide pause on guessing (server/auth/throttle.ts), as a browser it stops is told. */
export function signInPaused(seconds: number): string {
  return `Too many wrong passwords for this account from many places: signing in from a new device is paused for ${inMinutes(seconds)}. A device you have signed in on before can still sign in.`;
}

/** "1 session", "3 sessions". */
export const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;

/** "Team Wiki", "Team Wiki and Grafana", "Team Wiki, Grafana and Notes". */
export const listAnd = (items: readonly string[]) =>
  items.length < 2 ? items.join("") : `${items.slice(0, -1).join(", ")} and ${items.at(-1)}`;
