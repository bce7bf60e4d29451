/**
 * Progress of a long job at the terminal: a redrawn bar with rows/s, percent and ETA on a
 * TTY; plain lines at each tenth otherwise (logs, CI).
 */
export function progressPrinter(label: string, out: NodeJS.WriteStream = process.stderr) {
  const started = Date.now();
  let lastTenth = -1;
  const tty = Boolean(out.isTTY);
  const fmt = (s: number) =>
    s >= 3600
      ? `${Math.floor(s / 3600)}:${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}:${String(Math.floor(s % 60)).padStart(2, '0')}`
      : `${Math.floor(s / 60)}:${String(Math.floor(s % 60)).padStart(2, '0')}`;
  return {
    update(rows: number, fraction: number | null) {
      const secs = (Date.now() - started) / 1000;
      const rate = secs > 0 ? Math.round(rows / secs) : 0;
      const pct = fraction === null ? null : Math.min(100, Math.round(fraction * 100));
      const eta = fraction && fraction > 0 ? fmt((secs / fraction) * (1 - fraction)) : '?';
      if (tty) {
        const width = 30;
        const filled = pct === null ? 0 : Math.round((pct / 100) * width);
        out.write(
          `\r${label} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${pct ?? '?'}% ${rows.toLocaleString('en')} rows ${rate.toLocaleString('en')} rows/s ETA ${eta}   `,
        );
      } else {
        const tenth = pct === null ? Math.floor(rows / 100_000) : Math.floor(pct / 10);
        if (tenth !== lastTenth) {
          lastTenth = tenth;
          out.write(`${label}: ${pct ?? '?'}% ${rows} rows ${rate} rows/s ETA ${eta}\n`);
        }
      }
    },
    done(summary: string) {
      out.write(`${tty ? '\r' : ''}${label}: ${summary}${tty ? ' '.repeat(30) : ''}\n`);
    },
  };
}
