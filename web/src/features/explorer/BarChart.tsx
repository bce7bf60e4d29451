/**
 * Grouped bars of the selected series over periods: one group per period, one bar per
 * series, on a zero-based scale (bars compare amounts; the line chart shows the shape of a
 * trend). SVG, so every bar names itself in a <title>; the table beside it is the
 * accessible alternative, and the figure has a text description.
 */
import { useMemo } from 'react';
import { COLOURS, type ChartProps } from './TrendChart.js';

const WIDTH = 960;
const HEIGHT = 360;
const M = { top: 12, right: 12, bottom: 28, left: 84 };

/** About five round ticks from zero to at least `max`. */
export function niceTicks(max: number): number[] {
  if (!(max > 0)) return [0, 1];
  const raw = max / 5;
  const power = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 2.5, 5, 10].map((f) => f * power).find((s) => s >= raw)!;
  const ticks: number[] = [];
  for (let v = 0; v < max + step / 2; v += step) ticks.push(Number(v.toPrecision(12)));
  if (ticks.at(-1)! < max) ticks.push(Number((ticks.at(-1)! + step).toPrecision(12)));
  return ticks;
}

export function BarChart({ series, periods, format, description }: ChartProps) {
  const layout = useMemo(() => {
    const values = series.flatMap((s) => periods.map((p) => s.points.get(p) ?? null)).filter((v): v is number => v !== null);
    const ticks = niceTicks(Math.max(0, ...values));
    const top = ticks.at(-1)!;
    const plotW = WIDTH - M.left - M.right;
    const plotH = HEIGHT - M.top - M.bottom;
    const band = plotW / Math.max(1, periods.length);
    const bar = (band * 0.8) / Math.max(1, series.length);
    const y = (v: number) => M.top + plotH - (Math.max(0, v) / top) * plotH;
    const bars = periods.flatMap((p, i) =>
      series.flatMap((s, k) => {
        const v = s.points.get(p) ?? null;
        if (v === null) return [];
        return [
          {
            key: `${p}|${k}`,
            x: M.left + i * band + band * 0.1 + k * bar,
            y: y(v),
            h: M.top + plotH - y(v),
            w: Math.max(1, bar - 1),
            colour: COLOURS[k % COLOURS.length]!,
            title: `${s.label}, ${p}: ${format(v)}`,
          },
        ];
      }),
    );
    // Label every period when they fit, else every n-th.
    const every = Math.max(1, Math.ceil(periods.length / Math.floor(plotW / 48)));
    return { ticks, y, band, bars, every, plotW };
  }, [series, periods, format]);

  return (
    <figure className="chart bar-chart">
      <svg viewBox={`0 0 ${WIDTH} ${HEIGHT}`} role="img" aria-label={description}>
        {layout.ticks.map((t) => (
          <g key={t}>
            <line x1={M.left} x2={M.left + layout.plotW} y1={layout.y(t)} y2={layout.y(t)} stroke="#e2e8f0" />
            <text x={M.left - 6} y={layout.y(t)} dy="0.32em" textAnchor="end" fontSize="12" fill="#475569">
              {format(t)}
            </text>
          </g>
        ))}
        {layout.bars.map((b) => (
          <rect key={b.key} x={b.x} y={b.y} width={b.w} height={b.h} fill={b.colour}>
            <title>{b.title}</title>
          </rect>
        ))}
        {periods.map((p, i) =>
          i % layout.every === 0 ? (
            <text key={p} x={M.left + (i + 0.5) * layout.band} y={HEIGHT - 8} textAnchor="middle" fontSize="12" fill="#475569">
              {p}
            </text>
          ) : null,
        )}
      </svg>
      <figcaption className="chart-legend">
        {series.map((s, k) => (
          <span key={s.label}>
            <span className="swatch" style={{ background: COLOURS[k % COLOURS.length] }} aria-hidden="true" />
            {s.label}
          </span>
        ))}
        <span className="visually-hidden">{description}</span>
      </figcaption>
    </figure>
  );
}
