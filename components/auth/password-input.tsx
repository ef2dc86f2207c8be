"use client";

import { useEffect, useRef, useState, type InputHTMLAttributes } from "react";

/**
 * A password field with a "Show password" toggle (a pressed/not pressed button beside it, so its
 * name does not change under the reader). The password is hidden again whenever its form is
 * submitted, so a password manager and the next screen never see it in clear.
 */
export function PasswordInput({ className = "", ...props }: Omit<InputHTMLAttributes<HTMLInputElement>, "type">) {
  const [visible, setVisible] = useState(false);
  const input = useRef<HTMLInputElement>(null);
  useEffect(() => {
    const form = input.current?.form;
    if (!form) return;
    const hide = () => {
      if (input.current) input.current.type = "password";
      setVisible(false);
    };
    // Capture: before the form's own handler reads or sends anything.
    form.addEventListener("submit", hide, true);
    return () => form.removeEventListener("submit", hide, true);
  }, []);
  return (
    <div className="relative">
      <input ref={input} {...props} type={visible ? "text" : "password"} className={`${className} pr-12`} />
      <button
        type="button"
        aria-pressed={visible}
        aria-controls={props.id}
        onClick={() => setVisible((v) => !v)}
        className="absolute inset-y-0 right-0 inline-flex w-11 items-center justify-center rounded-r-md text-fg-muted hover:text-fg"
      >
        <span className="sr-only">Show password</span>
        <svg aria-hidden="true" viewBox="0 0 20 20" fill="none" stroke="currentColor" strokeWidth="1.5" className="size-5">
          <path d="M1.5 10S4.5 4 10 4s8.5 6 8.5 6-3 6-8.5 6-8.5-6-8.5-6Z" />
          <circle cx="10" cy="10" r="2.5" />
          {visible && <path d="M3 17 17 3" />}
        </svg>
      </button>
    </div>
  );
}
