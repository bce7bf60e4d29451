/**
 * A line chart of the selected series over periods (uPlot: small, fast on thousands of
 * points, canvas). The table view is its accessible alternative; the chart's figure has a
 * text description of what it shows.
 */
import { useEffect, useRef } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import type { Series } from './model.js';

/** Series colours, shared by the line and bar charts (distinct on white, in order of use). */
export const COLOURS = [
  '#1f5fa8',
  '#c2410c',
  '#15803d',
  '#7e22ce',
  '#b91c1c',
  '#0e7490',
  '#a16207',
  '#be185d',
  '#4d7c0f',
  '#334155',
  '#9333ea',
  '#0369a1',
];

/** What the line and bar charts draw: series over periods, their number format, and a text description. */
export interface ChartProps {
  series: readonly Series[];
  periods: readonly string[];
  format: (n: number) => string;
  description: string;
}

export function TrendChart({ series, periods, format, description }: ChartProps) {
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const el = box.current;
    if (!el || periods.length === 0) return;
    // Periods are years (or year-months): plotted at their start, as a number of years.
    const x = periods.map((p) => Number(p.slice(0, 4)) + (p.length >= 7 ? (Number(p.slice(5, 7)) - 1) / 12 : 0));
    const data: uPlot.AlignedData = [x, ...series.map((s) => periods.map((p) => s.points.get(p) ?? null))];
    const plot = new uPlot(
      {
        width: Math.max(320, el.clientWidth),
        height: 360,
        scales: { x: { time: false } },
        axes: [
          { values: (_u, ticks) => ticks.map((t) => (Number.isInteger(t) ? String(t) : '')) },
          { values: (_u, ticks) => ticks.map(format), size: 80 },
        ],
        series: [
          { label: '', value: (_u, v) => (v === null ? '' : (periods[x.indexOf(v)] ?? String(v))) },
          ...series.map((s, i) => ({
            label: s.label,
            stroke: COLOURS[i % COLOURS.length]!,
            width: 2,
            points: { show: periods.length < 40 },
            value: (_u: uPlot, v: number | null) => (v === null ? '—' : format(v)),
          })),
        ],
      },
      data,
      el,
    );
    const resize = new ResizeObserver(() => plot.setSize({ width: Math.max(320, el.clientWidth), height: 360 }));
    resize.observe(el);
    return () => {
      resize.disconnect();
      plot.destroy();
    };
  }, [series, periods, format]);
  return (
    <figure className="chart">
      <div ref={box} role="img" aria-label={description} />
      <figcaption className="visually-hidden">{description}</figcaption>
    </figure>
  );
}
