export default function DevicesLoading() {
  return (
    <div aria-busy="true" aria-live="polite">
      <p className="sr-only">Loading your devices…</p>
      <div className="mb-6 h-8 w-48 animate-pulse rounded bg-muted-strong" />
      <ul className="space-y-3" aria-hidden>
        {[0, 1, 2].map((i) => (
          <li key={i} className="h-36 animate-pulse rounded-xl border border-line bg-surface" />
        ))}
      </ul>
    </div>
  );
}
