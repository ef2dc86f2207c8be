"use client";

import { appsSignedOutToo } from "@/lib/devices";

/** "Also sign out your other devices", ticked by default, for changes to how the account signs in. */
export function SignOutOthersCheckbox({ checked, onChange }: { checked?: boolean; onChange?: (checked: boolean) => void }) {
  return (
    <label className="flex min-h-11 items-center gap-3 text-sm">
      <input
        type="checkbox"
        name="signOutOthers"
        className="size-5 shrink-0"
        {...(onChange ? { checked, onChange: (e) => onChange(e.target.checked) } : { defaultChecked: true })}
      />
      <span>Also sign out your other devices</span>
    </label>
  );
}

/** " 2 other sessions signed out. Also signed out of Team Wiki." for a toast, or "". */
export const othersSignedOut = (n: number, apps?: readonly string[]) =>
  n ? ` ${n} other ${n === 1 ? "session" : "sessions"} signed out.${appsSignedOutToo(apps)}` : "";
