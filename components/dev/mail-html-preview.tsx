"use client";

import { useEffect, useRef, useState } from "react";
import { FRAME_BORDER_PX, frameHeight } from "@/components/dev/frame-height";

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
    const fit = () => {
      const needed = frameHeight(el);
      if (needed !== null) setHeight(needed);
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
      style={height ? { height: `${height + FRAME_BORDER_PX}px` } : undefined}
      className="mt-2 h-[32rem] w-full rounded-md border"
    />
  );
}
