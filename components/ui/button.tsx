import type { ButtonHTMLAttributes } from "react";

type Variant = "primary" | "secondary" | "danger";

// Hover darkens: white on the lighter shade (red-500: 3.8:1) would fall below 4.5:1 under the pointer.
const styles: Record<Variant, string> = {
  primary: "bg-indigo-600 text-white hover:bg-indigo-700 disabled:bg-indigo-400",
  secondary: "border border-line-strong bg-surface text-fg hover:bg-canvas disabled:text-fg-subtle",
  danger: "bg-red-600 text-white hover:bg-red-700 disabled:bg-red-400",
};

export function Button({ variant = "primary", className = "", ...props }: ButtonHTMLAttributes<HTMLButtonElement> & { variant?: Variant }) {
  return (
    <button
      {...props}
      className={`inline-flex items-center justify-center gap-2 rounded-md px-4 py-2 text-sm font-medium shadow-sm transition-colors disabled:cursor-not-allowed ${styles[variant]} ${className}`}
    />
  );
}
