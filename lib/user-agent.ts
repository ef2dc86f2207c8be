import { UAParser } from "ua-parser-js";

export type DeviceKind = "desktop" | "mobile" | "tablet" | "unknown";

export type ParsedUserAgent = { type: DeviceKind; os: string | null; browser: string | null; name: string };

/** Turns a User-Agent header into what the devices page shows, e.g. "Chrome on macOS". */
export function parseUserAgent(ua: string | null | undefined): ParsedUserAgent {
  const result = new UAParser(ua ?? "").getResult();
  const browser = result.browser.name ?? null;
  const os = result.os.name ?? null;
  const t = result.device.type;
  let type: DeviceKind = t === "mobile" ? "mobile" : t === "tablet" ? "tablet" : t === undefined && os ? "desktop" : "unknown";
  if (t === undefined && (os === "iOS" || os === "Android")) type = "mobile";
  const model = result.device.model && result.device.vendor ? `${result.device.model}` : null;
  const name =
    browser && os ? `${browser} on ${model ?? os}` : browser ? browser : os ? (model ?? os) : "Unknown device";
  return { type, os, browser, name: name.slice(0, 64) };
}
