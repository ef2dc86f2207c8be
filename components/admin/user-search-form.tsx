"use client";

import { usePathname, useRouter } from "next/navigation";
import { useEffect, useRef, useState, useTransition } from "react";
import { USER_SORTS, type UserSort } from "@/lib/admin";

type Filters = { role?: string; status?: string; mfa?: string };

/**
 * Search as you type (300 ms after the last key), filter and sort at once: each change replaces the URL,
 * which the server page reads, so a view can be bookmarked and Back works. A plain GET form
 * underneath: without JavaScript, the Search button does the same.
 */
export function UserSearchForm({ q, filters, sort }: { q: string; filters: Filters; sort: UserSort }) {
  const router = useRouter();
  const pathname = usePathname();
  const form = useRef<HTMLFormElement>(null);
  const timer = useRef<ReturnType<typeof setTimeout>>(undefined);
  const [pending, startTransition] = useTransition();
  const [text, setText] = useState(q);

  const go = () => {
    const data = new FormData(form.current!);
    const query = new URLSearchParams();
    for (const [k, v] of data) if (typeof v === "string" && v.trim()) query.set(k, v.trim());
    const s = query.toString();
    startTransition(() => router.replace(s ? `${pathname}?${s}` : pathname, { scroll: false }));
  };
  useEffect(() => () => clearTimeout(timer.current), []);

  const select = "min-h-11 rounded-md border border-line-strong bg-surface px-2 text-sm";
  return (
    <form
      ref={form}
      role="search"
      action="/admin/users"
      className="mt-4 flex flex-wrap items-center gap-2"
      onSubmit={(e) => {
        e.preventDefault();
        clearTimeout(timer.current);
        go();
      }}
    >
      <input
        type="search"
        name="q"
        value={text}
        onChange={(e) => {
          setText(e.target.value);
          clearTimeout(timer.current);
          timer.current = setTimeout(go, 300);
        }}
        aria-label="Search"
        placeholder="Search by email or name"
        className="min-h-11 min-w-0 flex-1 basis-60 rounded-md border border-line-strong px-3 text-base sm:text-sm"
      />
      <select name="role" aria-label="Role" defaultValue={filters.role ?? ""} onChange={go} className={select}>
        <option value="">Any role</option>
        <option value="USER">Users</option>
        <option value="ADMIN">Administrators</option>
      </select>
      <select name="status" aria-label="Status" defaultValue={filters.status ?? ""} onChange={go} className={select}>
        <option value="">Active or disabled</option>
        <option value="active">Active</option>
        <option value="disabled">Disabled</option>
      </select>
      <select name="mfa" aria-label="Second factor" defaultValue={filters.mfa ?? ""} onChange={go} className={select}>
        <option value="">With or without a second factor</option>
        <option value="with">With a second factor</option>
        <option value="without">Without a second factor</option>
      </select>
      {/* The default order stays out of the URL (an empty value is left out). */}
      <select name="sort" aria-label="Sort" defaultValue={sort === "email" ? "" : sort} onChange={go} className={select}>
        {Object.entries(USER_SORTS).map(([value, label]) => (
          <option key={value} value={value === "email" ? "" : value}>
            Sort: {label}
          </option>
        ))}
      </select>
      <button
        type="submit"
        className="min-h-11 rounded-md bg-indigo-600 px-4 text-sm font-medium text-white hover:bg-indigo-700"
        aria-busy={pending}
      >
        Search
      </button>
    </form>
  );
}
