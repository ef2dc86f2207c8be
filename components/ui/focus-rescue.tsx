"use client";

import { useEffect } from "react";

/** What Tab reaches: not a menu's items in their roving focus (tabindex="-1"), nor what is disabled. */
const FOCUSABLE = [
  "a[href]",
  "button:not([disabled])",
  'input:not([disabled]):not([type="hidden"])',
  "select:not([disabled])",
  "textarea:not([disabled])",
  "[tabindex]",
]
  .map((s) => `${s}:not([tabindex="-1"])`)
  .join(", ");

const visible = (el: HTMLElement) => el.getClientRects().length > 0;
const firstControl = (node: Element) => [...node.querySelectorAll<HTMLElement>(FOCUSABLE)].find(visible) ?? null;

/** Where focus goes inside `node`, which lost its child at `index`: the item now in its place, the first control, or a heading. */
function landing(node: Element, index: number): HTMLElement | null {
  if (node.tagName === "UL" || node.tagName === "OL") {
    const items = [...node.children];
    const item = items[Math.min(index, items.length - 1)];
    return item ? firstControl(item) : null;
  }
  const control = firstControl(node);
  if (control) return control;
  const heading = [...node.querySelectorAll<HTMLElement>("h1, h2, h3, h4")].find(visible);
  if (heading && !heading.hasAttribute("tabindex")) heading.tabIndex = -1;
  return heading ?? null;
}

/**
 * Keeps keyboard and screen-reader users in their place when what they were on disappears: a
 * card that moves to "Signed out" or is removed, a button an action no longer offers, a rename
 * field that closes. When the focused element inside the page's main region leaves the page and
 * focus falls back to the page itself, focus moves to what took its place — the next card in the
 * same list, the nearest remaining control, or the nearest heading — instead of the top of the
 * page. A dialog's own buttons are not remembered: focus goes back to what opened it (the dialog
 * does that), or from there. After a click on the page's background, focus is left alone.
 */
export function FocusRescue({ rootId = "main" }: { rootId?: string }) {
  useEffect(() => {
    const root = document.getElementById(rootId);
    if (!root) return;
    let saved: { el: Element; path: { node: Element; index: number }[]; href: string } | null = null;

    const onFocusIn = (e: FocusEvent) => {
      const el = e.target;
      if (!(el instanceof Element) || el.closest("dialog")) return;
      // Focus went elsewhere (the header, a toast's button): what it was on in the page is not its place any more.
      if (!root.contains(el)) return void (saved = null);
      const path: { node: Element; index: number }[] = [];
      for (let n: Element = el; n !== root && n.parentElement; n = n.parentElement)
        path.push({ node: n.parentElement, index: Array.prototype.indexOf.call(n.parentElement.children, n) });
      saved = { el, path, href: location.href };
    };
    // A click or tap: what it lands on takes focus (and is remembered) or the user meant to leave
    // focus nowhere — nothing to rescue later. (Not on blur: a button disabled while it works blurs too.)
    // A click inside a dialog (its confirm button) is not one: the dialog gives focus back to what
    // opened it, and when that went meanwhile (the card it was on moved away) it is rescued from here.
    const onPointerDown = (e: PointerEvent) => {
      if (e.target instanceof Element && e.target.closest("dialog")) return;
      saved = null;
    };
    const rescue = () => {
      if (!saved || saved.el.isConnected) return;
      // A link followed to another page (the App Router swaps main's content): the new page starts afresh.
      if (saved.href !== location.href) return void (saved = null);
      const active = document.activeElement;
      if (active && active !== document.body) return; // focus is somewhere (a dialog): wait for it to come back
      // A dialog is still open (its button, disabled while it works, lost focus): the page behind it is inert. After it closes.
      if (document.querySelector("dialog[open]")) return;
      const { path } = saved;
      saved = null;
      for (const { node, index } of path) {
        if (!node.isConnected || node === root) continue; // never the page's first control, far from where it was
        const target = landing(node, index);
        if (target) return target.focus();
      }
      // Nothing left near it (the list's last item went, and an empty state took its place): the page's heading.
      const heading = [...root.querySelectorAll<HTMLElement>("h1")].find(visible);
      if (heading && !heading.hasAttribute("tabindex")) heading.tabIndex = -1;
      heading?.focus();
    };
    const observer = new MutationObserver(rescue);
    observer.observe(document.body, { childList: true, subtree: true });
    document.addEventListener("focusin", onFocusIn);
    document.addEventListener("pointerdown", onPointerDown, true);
    return () => {
      observer.disconnect();
      document.removeEventListener("focusin", onFocusIn);
      document.removeEventListener("pointerdown", onPointerDown, true);
    };
  }, [rootId]);
  return null;
}
