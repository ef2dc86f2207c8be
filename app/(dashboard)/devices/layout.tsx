import type { ReactNode } from "react";
import { QueryProvider } from "@/components/query-provider";

// The devices list and a device's page keep the user's devices fresh with react-query; no other page does.
export default function DevicesLayout({ children }: { children: ReactNode }) {
  return <QueryProvider>{children}</QueryProvider>;
}
