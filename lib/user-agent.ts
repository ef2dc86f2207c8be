import { UAParser } from "ua-parser-js";

export type DeviceKind = "desktop" | "mobile" | "tablet" | "unknown";

export type ParsedUserAgent = { type: DeviceKind; os: string | null; browser: string | null; name: string };

// ua-parser-js 1.x spells some names the way their vendors no longer do.
const OS_NAMES: Record<string, string> = { "Mac OS": "macOS", "Chromium OS": "ChromeOS", "Chrome OS": "ChromeOS" };
const BROWSER_NAMES: Record<string, string> = { "Mobile Safari": "Safari", "Mobile Firefox": "Firefox", "Chrome Headless": "Chrome" };

/** Turns a User-Agent header into what the devices page shows, e.g. "Chrome on macOS". */
export function parseUserAgent(ua: string | null | undefined): ParsedUserAgent {
  const result = new UAParser(ua ?? "").getResult();
  const browser = result.browser.name ? (BROWSER_NAMES[result.browser.name] ?? result.browser.name) : null;
  const os = result.os.name ? (OS_NAMES[result.os.name] ?? result.os.name) : null;
  const t = result.device.type;
  let type: DeviceKind = "unknown";
  if (t === "mobile" || t === "tablet") type = t;
  else if (os === "iOS" || os === "Android") type = "mobile";
  else if (!t && os) type = "desktop";
  // "Safari on iPhone" reads better than "Safari on iOS"; desktops are named by their OS.
  const where = type !== "desktop" && result.device.model && result.device.vendor === "Apple" ? result.device.model : os;
  const name = browser && where ? `${browser} on ${where}` : (browser ?? where ?? "Unknown device");
  return { type, os, browser, name: name.slice(0, 64) };
}

/**
 * "Chrome 141 on macOS", "Safari 18 on iOS 18", "Edge 141 on Windows 10": browser and OS with their
 * major versions, to tell apart devices that share a name. macOS's version is left out: browsers
 * freeze it at 10.15.7 in the User-Agent.
 */
export function softwareOf(userAgent: string | null | undefined): string | null {
  if (!userAgent) return null;
  // Every device list (polled every 10 s per open tab) names each device this way, and parsing
  // costs ~15 µs; an installation sees few distinct User-Agents, so each is parsed once.
  const known = softwareCache.get(userAgent);
  if (known !== undefined) return known;
  if (softwareCache.size >= SOFTWARE_CACHE_SIZE) softwareCache.clear();
  const software = parseSoftware(userAgent);
  softwareCache.set(userAgent, software);
  return software;
}

const SOFTWARE_CACHE_SIZE = 1000;
const softwareCache = new Map<string, string | null>();

function parseSoftware(userAgent: string): string | null {
  const r = new UAParser(userAgent).getResult();
  const major = (v?: string) => v?.split(".")[0];
  const os = r.os.name ? (OS_NAMES[r.os.name] ?? r.os.name) : null;
  const browserName = r.browser.name ? (BROWSER_NAMES[r.browser.name] ?? r.browser.name) : null;
  const browser = browserName ? [browserName, major(r.browser.version)].filter(Boolean).join(" ") : null;
  const system = os ? [os, os === "macOS" ? null : major(r.os.version)].filter(Boolean).join(" ") : null;
  return [browser, system].filter(Boolean).join(" on ") || null;
}
