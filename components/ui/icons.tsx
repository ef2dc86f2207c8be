import type { SVGProps } from "react";
import type { DeviceKind } from "@/lib/user-agent";

const base = {
  fill: "none",
  stroke: "currentColor",
  strokeWidth: 1.6,
  strokeLinecap: "round",
  strokeLinejoin: "round",
  viewBox: "0 0 24 24",
  "aria-hidden": true,
} as const;

const paths: Record<DeviceKind, string> = {
  desktop: "M3 5h18v11H3zM8 20h8M12 16v4",
  mobile: "M8 2h8a1 1 0 0 1 1 1v18a1 1 0 0 1-1 1H8a1 1 0 0 1-1-1V3a1 1 0 0 1 1-1zM11 18h2",
  tablet: "M5 2h14a1 1 0 0 1 1 1v18a1 1 0 0 1-1 1H5a1 1 0 0 1-1-1V3a1 1 0 0 1 1-1zM11 18h2",
  unknown: "M12 17h.01M9.1 9a3 3 0 0 1 5.8 1c0 2-3 2-3 4M12 22a10 10 0 1 0 0-20 10 10 0 0 0 0 20z",
};

export function DeviceIcon({ type, ...props }: { type: DeviceKind } & SVGProps<SVGSVGElement>) {
  return (
    <svg {...base} {...props}>
      <path d={paths[type]} />
    </svg>
  );
}
