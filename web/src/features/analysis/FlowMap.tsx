/**
 * The largest flows as arrows on the world map: from each origin (or departure) country to
 * its destination, the width by the flow's size (area-true: by square root), over the
 * countries concerned (the map zooms to them). Each arrow names its flow in a <title>; the
 * ranked table beside it is the accessible alternative. Flows with an unknown end are
 * left off the map (the table keeps them).
 */
import { useMemo } from 'react';
import { geoEqualEarth, geoPath } from 'd3-geo';
import { mainPoint, useCountries } from './worldAtlas.js';

const WIDTH = 960;
const HEIGHT = 480;
const MAX_WIDTH = 9;

export interface MapFlow {
  from: string;
  to: string;
  value: number;
}

export function FlowMap({
  flows,
  m49Of,
  name,
  format,
  description,
}: {
  flows: readonly MapFlow[];
  /** A reporting unit's M49 numeric code (Natural Earth ids), or null. */
  m49Of: (unit: string) => string | null;
  name: (unit: string) => string;
  format: (n: number) => string;
  description: string;
}) {
  const countries = useCountries();
  const drawn = useMemo(() => {
    if (!countries) return null;
    const byId = new Map(countries.map((c) => [String(c.id), c]));
    const ends = flows.flatMap((f) => {
      const a = byId.get(m49Of(f.from) ?? '');
      const b = byId.get(m49Of(f.to) ?? '');
      return a && b && a !== b ? [{ flow: f, a, b }] : [];
    });
    const involved = [...new Set(ends.flatMap((e) => [e.a, e.b]))];
    const projection = geoEqualEarth().fitExtent(
      [
        [24, 24],
        [WIDTH - 24, HEIGHT - 24],
      ],
      { type: 'FeatureCollection', features: involved.length ? involved : countries },
    );
    const path = geoPath(projection);
    const max = Math.max(...ends.map((e) => e.flow.value), 0);
    const arrows = ends.map(({ flow, a, b }) => {
      const [x0, y0] = projection(mainPoint(a)) ?? [0, 0];
      const [x1, y1] = projection(mainPoint(b)) ?? [0, 0];
      // A curve bending to the left of the direction of travel: two opposite flows do not overlap.
      const [mx, my] = [(x0 + x1) / 2, (y0 + y1) / 2];
      const [cx, cy] = [mx + (y0 - y1) * 0.25, my + (x1 - x0) * 0.25];
      return {
        key: `${flow.from}>${flow.to}`,
        d: `M${x0.toFixed(1)},${y0.toFixed(1)} Q${cx.toFixed(1)},${cy.toFixed(1)} ${x1.toFixed(1)},${y1.toFixed(1)}`,
        width: max > 0 ? 1 + (MAX_WIDTH - 1) * Math.sqrt(flow.value / max) : 1,
        title: `${name(flow.from)} → ${name(flow.to)}: ${format(flow.value)}`,
      };
    });
    const shown = new Set(involved.map((c) => String(c.id)));
    return {
      countries: countries.map((c) => ({ id: String(c.id), d: path(c) ?? '', involved: shown.has(String(c.id)) })),
      // The largest last: drawn on top.
      arrows: arrows.reverse(),
    };
  }, [countries, flows, m49Of, name, format]);

  return (
    <figure className="world-map flow-map">
      <svg viewBox={`0 0 ${WIDTH} ${HEIGHT}`} role="img" aria-label={description}>
        <defs>
          <marker
            id="flow-arrow"
            viewBox="0 0 10 10"
            refX="8"
            refY="5"
            markerUnits="userSpaceOnUse"
            markerWidth="12"
            markerHeight="12"
            orient="auto"
          >
            <path d="M0,0 L10,5 L0,10 z" fill="#9a3412" />
          </marker>
        </defs>
        <rect width={WIDTH} height={HEIGHT} fill="#f4f8fb" />
        {drawn?.countries.map((c) => (
          <path key={c.id} d={c.d} fill={c.involved ? '#d6dee6' : '#e9edf1'} stroke="#fff" strokeWidth={0.5} />
        ))}
        {drawn?.arrows.map((a) => (
          <path
            key={a.key}
            className="flow-arrow"
            d={a.d}
            fill="none"
            stroke="#c2410c"
            strokeOpacity={0.75}
            strokeWidth={a.width}
            strokeLinecap="round"
            markerEnd="url(#flow-arrow)"
          >
            <title>{a.title}</title>
          </path>
        ))}
      </svg>
    </figure>
  );
}
