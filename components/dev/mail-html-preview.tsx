"use client";

import { useEffect, useRef, useState } from "react";

/**
 * A captured email's HTML, as tall as its content (a fixed height cut long messages off). No
 * scripts in it: same-origin only lets this page measure its height; the HTML still runs nothing.
 */
export function MailHtmlPreview({ subject, html }: { subject: string; html: string }) {
  const frame = useRef<HTMLIFrameElement>(null);
  const [height, setHeight] = useState<number | null>(null);
  useEffect(() => {
    const el = frame.current;
    if (!el) return;
    // The <html> box of a standards-mode document is as tall as its content, whatever the frame's height.
    const fit = () => {
      const root = el.contentDocument?.documentElement;
      if (root && el.clientWidth > 0) setHeight(Math.ceil(root.getBoundingClientRect().height));
    };
    fit();
    el.addEventListener("load", fit);
    // Measured again when its <details> opens (and when the width changes the line breaks).
    const observer = new ResizeObserver(fit);
    observer.observe(el);
    return () => {
      el.removeEventListener("load", fit);
      observer.disconnect();
    };
  }, []);
  return (
    <iframe
      ref={frame}
      title={`HTML version of “${subject}”`}
      sandbox="allow-popups allow-same-origin"
      srcDoc={html}
      style={height ? { height: `${height + 4}px` } : undefined}
      className="mt-2 h-[32rem] w-full rounded-md border"
    />
  );
}
