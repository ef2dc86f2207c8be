"use client";

import { useRouter } from "next/navigation";
import { createContext, useCallback, useContext, useEffect, useRef, useState, useTransition, type ReactNode } from "react";
import { EARLY_POST_COOKIE, EARLY_POST_MESSAGE } from "@/lib/early-post";

type Toast = { id: number; kind: "success" | "error"; message: string };
type Notify = (kind: Toast["kind"], message: string) => void;

const ToastContext = createContext<Notify>(() => {});

export const useToast = () => useContext(ToastContext);

const RefreshContext = createContext<(success: string | null) => void>(() => {});

/**
 * Refreshes the page from the server, then shows `success` (if any) once the refreshed page is
 * there: "Carol's iPhone marked as lost" never shows beside a card that does not say so yet. Held
 * here, above the page, because the button that asked may be gone from the refreshed page.
 */
export const useRefreshThenToast = () => useContext(RefreshContext);

/**
 * Confirmations are announced politely (role=status); failures interrupt (role=alert). Each goes
 * by itself after a while, but not while it is pointed at or holds the focus (it may cover a
 * button on a phone: × sends it away at once).
 */
export function ToastProvider({ children }: { children: ReactNode }) {
  const [toasts, setToasts] = useState<Toast[]>([]);
  // What holds each toast: the pointer over it, the focus in it (either keeps it).
  const held = useRef({ pointer: new Set<number>(), focus: new Set<number>() });
  // The toasts shown now, for their timers: one pushed out by newer ones stops its own.
  const shown = useRef(new Set<number>());
  const dismiss = useCallback((id: number) => {
    shown.current.delete(id);
    held.current.pointer.delete(id);
    held.current.focus.delete(id);
    setToasts((all) => all.filter((t) => t.id !== id));
  }, []);
  const notify = useCallback<Notify>(
    (kind, message) => {
      const id = Date.now() + Math.random();
      setToasts((all) => {
        const kept = [...all.slice(-3), { id, kind, message }];
        shown.current = new Set(kept.map((t) => t.id));
        for (const t of all.slice(0, -3)) {
          held.current.pointer.delete(t.id);
          held.current.focus.delete(t.id);
        }
        return kept;
      });
      const { pointer, focus } = held.current;
      const expire = (ms: number) =>
        setTimeout(() => {
          if (!shown.current.has(id)) return;
          if (pointer.has(id) || focus.has(id)) expire(1000);
          else dismiss(id);
        }, ms);
      expire(kind === "error" ? 8000 : 5000);
    },
    [dismiss],
  );
  const router = useRouter();
  const [refreshing, startRefresh] = useTransition();
  const afterRefresh = useRef<string[]>([]);
  useEffect(() => {
    if (refreshing || !afterRefresh.current.length) return;
    const messages = afterRefresh.current;
    afterRefresh.current = [];
    for (const m of messages) notify("success", m);
  }, [refreshing, notify]);
  const refreshThenToast = useCallback(
    (success: string | null) => {
      if (success) afterRefresh.current.push(success);
      startRefresh(() => router.refresh());
    },
    [router],
  );
  const hold = (by: "pointer" | "focus", id: number, on: boolean) => void (on ? held.current[by].add(id) : held.current[by].delete(id));
  // A form of this page was posted before its script ran, and sent back (lib/early-post.ts): say so, once.
  useEffect(() => {
    if (!document.cookie.split("; ").includes(`${EARLY_POST_COOKIE}=1`)) return;
    // Cleared where it is shown, so an effect run twice (React's strict mode) still shows it once.
    const shown = setTimeout(() => {
      document.cookie = `${EARLY_POST_COOKIE}=; Path=${location.pathname}; Max-Age=0; SameSite=Lax`;
      notify("error", EARLY_POST_MESSAGE);
    });
    return () => clearTimeout(shown);
  }, [notify]);
  const render = (kind: Toast["kind"]) =>
    toasts
      .filter((t) => t.kind === kind)
      .map((t) => (
        <div
          key={t.id}
          onPointerEnter={() => hold("pointer", t.id, true)}
          onPointerLeave={() => hold("pointer", t.id, false)}
          onFocus={() => hold("focus", t.id, true)}
          onBlur={() => hold("focus", t.id, false)}
          className={`pointer-events-auto flex items-start gap-1 rounded-lg border py-1 pr-1 pl-4 text-sm shadow-lg ${kind === "error" ? "border-danger-line bg-danger-soft text-danger-strong" : "border-line bg-surface text-fg"}`}
        >
          <p className="flex-1 py-2">{t.message}</p>
          <button
            type="button"
            onClick={() => dismiss(t.id)}
            className="flex size-11 shrink-0 items-center justify-center rounded-md text-lg text-fg-subtle hover:text-fg"
            aria-label="Dismiss notification"
          >
            ×
          </button>
        </div>
      ));
  return (
    <ToastContext.Provider value={notify}>
      <RefreshContext.Provider value={refreshThenToast}>{children}</RefreshContext.Provider>
      <div className="pointer-events-none fixed inset-x-0 bottom-0 z-50 flex flex-col items-center gap-2 p-4 pb-[max(1rem,env(safe-area-inset-bottom))] sm:items-end">
        <div role="status" aria-live="polite" className="flex w-full max-w-sm flex-col gap-2">
          {render("success")}
        </div>
        <div role="alert" aria-live="assertive" className="flex w-full max-w-sm flex-col gap-2">
          {render("error")}
        </div>
      </div>
    </ToastContext.Provider>
  );
}
