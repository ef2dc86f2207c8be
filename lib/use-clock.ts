"use client";

import { useSyncExternalStore } from "react";

/**
 * A page-wide clock for components that change with the time: one interval per tick length,
 * running only while a component listens. The server (and hydration) sees null, so the first
 * render matches the server's HTML; the browser then renders with its own time.
 */
function createClock(intervalMs: number) {
  let now = Date.now();
  let timer: ReturnType<typeof setInterval> | undefined;
  const listeners = new Set<() => void>();
  const subscribe = (listener: () => void) => {
    listeners.add(listener);
    now = Date.now();
    timer ??= setInterval(() => {
      now = Date.now();
      listeners.forEach((l) => l());
    }, intervalMs);
    return () => {
      listeners.delete(listener);
      if (!listeners.size && timer) {
        clearInterval(timer);
        timer = undefined;
      }
    };
  };
  return { subscribe, clientNow: () => now, serverNow: () => null };
}

const clocks = new Map<number, ReturnType<typeof createClock>>();

/** The time in epoch ms, updated every `intervalMs` (null on the server and while hydrating). */
export function useClock(intervalMs: number): number | null {
  let clock = clocks.get(intervalMs);
  if (!clock) clocks.set(intervalMs, (clock = createClock(intervalMs)));
  return useSyncExternalStore(clock.subscribe, clock.clientNow, clock.serverNow);
}
