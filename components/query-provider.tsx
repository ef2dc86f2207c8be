"use client";

import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { useState, type ReactNode } from "react";

/**
 * react-query for the pages that use it (the devices list and a device's page): provided by their
 * layout, not the root one, so a page without a query does not load it.
 */
export function QueryProvider({ children }: { children: ReactNode }) {
  // One client per browser tab (not per render, not shared between requests on the server).
  const [client] = useState(
    () => new QueryClient({ defaultOptions: { queries: { staleTime: 15_000, refetchOnWindowFocus: true, retry: 1 } } }),
  );
  return <QueryClientProvider client={client}>{children}</QueryClientProvider>;
}
