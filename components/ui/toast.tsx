"use client";

import { createContext, useCallback, useContext, useEffect, useState, type ReactNode } from "react";
import { EARLY_POST_COOKIE, EARLY_POST_MESSAGE } from "@/lib/early-post";

type Toast = { id: number; kind: "success" | "error"; message: string };
type Notify = (kind: Toast["kind"], message: string) => void;

const ToastContext = createContext<Notify>(() => {});

export const useToast = () => useContext(ToastContext);

/** Confirmations are announced politely (role=status); failures interrupt (role=alert). */
export function ToastProvider({ children }: { children: ReactNode }) {
  const [toasts, setToasts] = useState<Toast[]>([]);
  const dismiss = useCallback((id: number) => setToasts((all) => all.filter((t) => t.id !== id)), []);
  const notify = useCallback<Notify>(
    (kind, message) => {
      const id = Date.now() + Math.random();
      setToasts((all) => [...all.slice(-3), { id, kind, message }]);
      setTimeout(() => dismiss(id), kind === "error" ? 8000 : 5000);
    },
    [dismiss],
  );
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
          className={`pointer-events-auto flex items-start gap-3 rounded-lg border px-4 py-3 text-sm shadow-lg ${kind === "error" ? "border-danger-line bg-danger-soft text-danger-strong" : "border-line bg-surface text-fg"}`}
        >
          <p className="flex-1">{t.message}</p>
          <button type="button" onClick={() => dismiss(t.id)} className="text-fg-subtle hover:text-fg" aria-label="Dismiss notification">
            ×
          </button>
        </div>
      ));
  return (
    <ToastContext.Provider value={notify}>
      {children}
      <div className="pointer-events-none fixed inset-x-0 bottom-0 z-50 flex flex-col items-center gap-2 p-4 sm:items-end">
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
