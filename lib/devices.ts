import type { DeviceKind } from "@/lib/user-agent";

/** What the pages (and later the API) may know about a device: no cookie hash, no internals. */
export type DeviceSummary = {
  id: string;
  name: string;
  type: DeviceKind;
  os: string | null;
  browser: string | null;
  lastIp: string | null;
  createdAt: string;
  authenticatedAt: string | null;
  lastSeenAt: string | null;
  trustedAt: string | null;
  rememberedUntil: string | null;
  invalidatedAt: string | null;
  activeSessionCount: number;
  isCurrent: boolean;
};
