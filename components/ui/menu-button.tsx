"use client";

import { useEffect, useId, useLayoutEffect, useRef, useState, type KeyboardEvent } from "react";

export type MenuItem = {
  label: string;
  /** One line in everyday words: what choosing it does. */
  description?: string;
  danger?: boolean;
  onSelect: () => void;
};

/**
 * The WAI-ARIA menu button: a button that opens a list of actions. Enter, Space or ArrowDown open
 * it on the first item (ArrowUp on the last); arrows, Home and End move; Enter chooses; Escape
 * and Tab close it, Escape giving focus back to the button — as does choosing an item, so a
 * dialog it opens returns focus there. A click outside closes it.
 */
export function MenuButton({ label, srLabel, items }: { label: string; srLabel?: string; items: MenuItem[] }) {
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(0);
  // Opens toward the side with room, so it never pushes the page sideways on a phone.
  const [alignRight, setAlignRight] = useState(false);
  // …or, when neither edge leaves room (a button near the middle of a phone), shifted left just enough.
  const [shift, setShift] = useState(0);
  // …and upward when there is no room below it (the last card of a long list) but room above.
  const [openUp, setOpenUp] = useState(false);
  const button = useRef<HTMLButtonElement>(null);
  const menu = useRef<HTMLUListElement>(null);
  const id = useId();

  /** Upward when there is no room below but room above, for the menu as drawn now. */
  const placeUpOrDown = () => {
    if (!menu.current || !button.current) return;
    const height = menu.current.getBoundingClientRect().height;
    const { top, bottom } = button.current.getBoundingClientRect();
    setOpenUp(bottom + 4 + height > window.innerHeight - 8 && top - 4 - height >= 8);
  };
  useLayoutEffect(() => {
    if (open) placeUpOrDown();
  }, [open]);
  useEffect(() => {
    if (!open) return;
    menu.current?.querySelectorAll<HTMLElement>('[role="menuitem"]')[active]?.focus();
  }, [open, active]);
  useEffect(() => {
    if (!open) return;
    const onPointer = (e: PointerEvent) => {
      if (!menu.current?.contains(e.target as Node) && !button.current?.contains(e.target as Node)) setOpen(false);
    };
    document.addEventListener("pointerdown", onPointer);
    return () => document.removeEventListener("pointerdown", onPointer);
  }, [open]);

  /** Chooses the side the menu opens toward for the window as it is now. */
  const place = () => {
    const rect = button.current?.getBoundingClientRect();
    const width = window.innerWidth < 640 ? 256 : 288;
    const fitsLeft = !rect || rect.left + width <= window.innerWidth - 8;
    const fitsRight = !!rect && rect.right - width >= 8;
    setAlignRight(!fitsLeft && fitsRight);
    setShift(!rect || fitsLeft || fitsRight ? 0 : Math.max(8 - rect.left, window.innerWidth - 8 - width - rect.left));
  };
  // A phone turned (or a window resized) with the menu open: placed again for the new size.
  useEffect(() => {
    if (!open) return;
    const again = () => {
      place();
      placeUpOrDown();
    };
    window.addEventListener("resize", again);
    return () => window.removeEventListener("resize", again);
  }, [open]);

  const openAt = (index: number) => {
    place();
    setOpenUp(false);
    setActive(index);
    setOpen(true);
  };
  const close = (focusButton: boolean) => {
    setOpen(false);
    if (focusButton) button.current?.focus();
  };

  function onButtonKey(e: KeyboardEvent<HTMLButtonElement>) {
    if (e.key === "ArrowDown" || e.key === "Enter" || e.key === " ") {
      e.preventDefault();
      openAt(0);
    } else if (e.key === "ArrowUp") {
      e.preventDefault();
      openAt(items.length - 1);
    }
  }
  function onMenuKey(e: KeyboardEvent<HTMLUListElement>) {
    const last = items.length - 1;
    const moves: Record<string, number> = {
      ArrowDown: active === last ? 0 : active + 1,
      ArrowUp: active === 0 ? last : active - 1,
      Home: 0,
      End: last,
    };
    if (e.key in moves) {
      e.preventDefault();
      setActive(moves[e.key]!);
    } else if (e.key === "Escape") {
      e.preventDefault();
      close(true);
    } else if (e.key === "Tab") {
      close(false);
    }
  }

  return (
    <div className="relative">
      <button
        ref={button}
        type="button"
        id={`${id}-button`}
        aria-haspopup="menu"
        aria-expanded={open}
        aria-controls={open ? `${id}-menu` : undefined}
        onClick={() => (open ? close(false) : openAt(0))}
        onKeyDown={onButtonKey}
        className="inline-flex min-h-11 items-center gap-1 rounded-md border border-line-strong bg-surface px-3 text-sm font-medium text-fg hover:bg-canvas"
      >
        {label}
        {srLabel && <span className="sr-only"> {srLabel}</span>}
        <svg aria-hidden="true" viewBox="0 0 20 20" className="size-4" fill="currentColor">
          <path d="M5.3 7.3a1 1 0 0 1 1.4 0L10 10.6l3.3-3.3a1 1 0 1 1 1.4 1.4l-4 4a1 1 0 0 1-1.4 0l-4-4a1 1 0 0 1 0-1.4Z" />
        </svg>
      </button>
      {open && (
        <ul
          ref={menu}
          id={`${id}-menu`}
          role="menu"
          aria-labelledby={`${id}-button`}
          onKeyDown={onMenuKey}
          style={shift ? { left: shift } : undefined}
          className={`absolute ${alignRight ? "right-0" : "left-0"} ${openUp ? "bottom-full mb-1" : "mt-1"} z-20 w-64 rounded-lg border border-line bg-surface py-1 shadow-lg sm:w-72`}
        >
          {items.map((item, i) => (
            <li key={item.label} role="none">
              <button
                type="button"
                role="menuitem"
                tabIndex={i === active ? 0 : -1}
                aria-labelledby={`${id}-item-${i}`}
                aria-describedby={item.description ? `${id}-desc-${i}` : undefined}
                onClick={() => {
                  close(true);
                  item.onSelect();
                }}
                onMouseEnter={() => setActive(i)}
                className="block min-h-11 w-full px-3 py-2 text-left hover:bg-canvas focus:bg-muted focus:outline-none"
              >
                <span id={`${id}-item-${i}`} className={`block text-sm font-medium ${item.danger ? "text-danger" : "text-fg"}`}>
                  {item.label}
                </span>
                {item.description && (
                  <span id={`${id}-desc-${i}`} className="block text-xs text-fg-muted">
                    {item.description}
                  </span>
                )}
              </button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
