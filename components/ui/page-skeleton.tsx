/**
 * What a page shows while the server prepares it: its title's place and a few blocks (each given
 * as its height class, e.g. "h-24"), announced as loading. Without `title`, the blocks alone: a
 * part of a page that streams in after the rest. No style attributes: the CSP allows none.
 */
export function PageSkeleton({
  label,
  blocks = ["h-32", "h-48", "h-24"],
  title = true,
}: {
  label: string;
  blocks?: `h-${number}`[];
  title?: boolean;
}) {
  return (
    <div aria-busy="true" aria-live="polite">
      <p className="sr-only">{label}</p>
      {title && <div className="mb-6 h-8 w-48 animate-pulse rounded bg-muted-strong" aria-hidden />}
      <div className="space-y-4" aria-hidden>
        {blocks.map((height, i) => (
          <div key={i} className={`${height} animate-pulse rounded-xl border border-line bg-surface`} />
        ))}
      </div>
    </div>
  );
}
