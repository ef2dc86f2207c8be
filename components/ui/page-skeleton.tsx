/**
 * What a page shows while the server prepares it: its title's place and a few blocks, announced
 * as loading. Without `title`, the blocks alone: a part of a page that streams in after the rest.
 */
export function PageSkeleton({ label, blocks = [32, 48, 24], title = true }: { label: string; blocks?: number[]; title?: boolean }) {
  return (
    <div aria-busy="true" aria-live="polite">
      <p className="sr-only">{label}</p>
      {title && <div className="mb-6 h-8 w-48 animate-pulse rounded bg-muted-strong" aria-hidden />}
      <div className="space-y-4" aria-hidden>
        {blocks.map((h, i) => (
          <div key={i} style={{ height: `${h * 4}px` }} className="animate-pulse rounded-xl border border-line bg-surface" />
        ))}
      </div>
    </div>
  );
}
