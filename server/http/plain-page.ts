import "server-only";
import crypto from "node:crypto";

/*
 * The few pages served outside Next — the "temporarily unavailable" page, the OpenID provider's
 * sign-out and error pages — in the dashboard's look (light and dark), with one stylesheet whose
 * hash is the only style their Content-Security-Policy allows.
 */
// Laid out as the pages of components/auth/public-card.tsx: a card near the top, not centred.
const STYLE = `body{font:16px/1.5 system-ui,sans-serif;margin:0;display:grid;justify-items:center;align-items:start;padding-top:12vh;min-height:100vh;box-sizing:border-box;background:#f8fafc;color:#0f172a}
main{max-width:28rem;padding:1.5rem;margin:1rem;background:#fff;border:1px solid #e2e8f0;border-radius:.75rem}h1{font-size:1.25rem;margin:0 0 .5rem}
p{color:#475569;margin:.5rem 0}a{color:#4f46e5}form{margin:0}.actions{display:grid;gap:.5rem;margin-top:1rem}
button{font:inherit;font-weight:500;min-height:2.75rem;border-radius:.375rem;border:1px solid #cbd5e1;background:#fff;color:#0f172a;cursor:pointer}
button.primary{background:#4f46e5;border-color:#4f46e5;color:#fff}button.danger{background:#b91c1c;border-color:#b91c1c;color:#fff}
@media (prefers-color-scheme:dark){body{background:#0f172a;color:#f1f5f9}main{background:#1e293b;border-color:#334155}p{color:#cbd5e1}
a{color:#a5b4fc}button{background:#1e293b;color:#f1f5f9;border-color:#475569}}`;

const STYLE_HASH = crypto.createHash("sha256").update(STYLE).digest("base64");

/** Text for HTML. */
export const escapeHtml = (s: string) =>
  s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;").replace(/'/g, "&#39;");

/**
 * A page's HTML and its Content-Security-Policy: no script, only this stylesheet, forms posting
 * to `formAction` (default: this origin).
 */
export function plainPage({ title, body, formAction = "'self'" }: { title: string; body: string; formAction?: string }) {
  const html = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)} · Devicekeeper</title><style>${STYLE}</style></head>
<body><main>${body}</main></body></html>`;
  const csp = `default-src 'none'; style-src 'sha256-${STYLE_HASH}'; form-action ${formAction}; base-uri 'none'; frame-ancestors 'none'`;
  return { html, csp };
}
