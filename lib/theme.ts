/**
 * The colour theme a browser chose in the account menu. "system" (no cookie) follows the
 * operating system; app/globals.css reads <html data-theme> for the other two. A cookie rather than
 * localStorage, so the server renders the chosen theme on the first paint (no flash of light).
 */
export const THEMES = ["system", "light", "dark"] as const;
export type Theme = (typeof THEMES)[number];
export const THEME_COOKIE = "dk-theme";

/** A cookie's value as a theme: anything else (absent, tampered) is "system". */
export function parseTheme(value: string | undefined): Theme {
  return value === "light" || value === "dark" ? value : "system";
}
