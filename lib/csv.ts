/**
 * RFC 4180 CSV, with a byte-order mark so spreadsheet apps read UTF-8. A cell that a spreadsheet
 * would run as a formula (=, +, -, @, tab, CR at its start) is prefixed with an apostrophe.
 */
export function toCsv(header: string[], rows: string[][]): string {
  const cell = (v: string) => {
    const safe = /^[=+\-@\t\r]/.test(v) ? `'${v}` : v;
    return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
  };
  return "\uFEFF" + [header, ...rows].map((r) => r.map(cell).join(",")).join("\r\n") + "\r\n";
}

/** A CSV download: `devicekeeper-<stem>-<UTC date>.csv`, never cached. */
export function csvResponse(stem: string, csv: string): Response {
  return new Response(csv, {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="devicekeeper-${stem}-${new Date().toISOString().slice(0, 10)}.csv"`,
      "Cache-Control": "no-store",
    },
  });
}
