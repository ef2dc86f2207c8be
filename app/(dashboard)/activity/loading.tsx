export default function ActivityLoading() {
  return (
    <div aria-busy="true" aria-live="polite">
      <p className="sr-only">Loading your activity…</p>
      <div className="mb-6 h-8 w-32 animate-pulse rounded bg-muted-strong" />
      <div className="h-96 animate-pulse rounded-xl border border-line bg-surface" aria-hidden />
    </div>
  );
}
