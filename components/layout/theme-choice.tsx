"use client";

import { useState } from "react";
import { THEME_COOKIE, parseTheme, type Theme } from "@/lib/theme";

const OPTIONS: { value: Theme; label: string }[] = [
  { value: "system", label: "System" },
  { value: "light", label: "Light" },
  { value: "dark", label: "Dark" },
];

function currentTheme(): Theme {
  return parseTheme(document.documentElement.dataset.theme);
}

/** Applies a theme to this page at once and remembers it for this browser (a year). */
function applyTheme(theme: Theme) {
  const root = document.documentElement;
  const secure = location.protocol === "https:" ? "; Secure" : "";
  if (theme === "system") {
    delete root.dataset.theme;
    document.cookie = `${THEME_COOKIE}=; Path=/; Max-Age=0; SameSite=Lax${secure}`;
  } else {
    root.dataset.theme = theme;
    document.cookie = `${THEME_COOKIE}=${theme}; Path=/; Max-Age=31536000; SameSite=Lax${secure}`;
  }
}

/**
 * Light, dark or the system's: three radio buttons (arrow keys move between them). Rendered only
 * while the account menu is open, so it reads the page's theme on mount without a hydration mismatch.
 */
export function ThemeChoice() {
  const [theme, setTheme] = useState<Theme>(currentTheme);
  return (
    <fieldset className="border-b border-line-soft px-2 py-2">
      <legend className="float-left mb-1 text-xs font-medium text-fg-muted">Theme</legend>
      <div className="clear-left grid grid-cols-3 gap-1 rounded-md bg-muted p-1">
        {OPTIONS.map((o) => (
          <label key={o.value} className="relative">
            <input
              type="radio"
              name="theme"
              value={o.value}
              checked={theme === o.value}
              onChange={() => {
                applyTheme(o.value);
                setTheme(o.value);
              }}
              className="peer sr-only"
            />
            <span className="flex min-h-11 cursor-pointer items-center justify-center rounded text-sm text-fg-soft peer-checked:bg-surface peer-checked:font-medium peer-checked:text-fg peer-checked:shadow-sm peer-focus-visible:outline-2 peer-focus-visible:outline-offset-2 peer-focus-visible:outline-focus">
              {o.label}
            </span>
          </label>
        ))}
      </div>
    </fieldset>
  );
}
