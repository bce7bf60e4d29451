/**
 * A choropleth of one value per country on Natural Earth boundaries (world-atlas, 1:110m),
 * in the Equal Earth projection (areas stay comparable). Countries are matched by their
 * M49/ISO numeric code; a region zooms the map to its members. Five classes by quantile,
 * a legend, a <title> per country, and the table beside it is the accessible alternative.
 */
import { useMemo } from 'react';
import { geoEqualEarth, geoPath } from 'd3-geo';
import { classBreaks } from './classes.js';
import { useCountries } from './worldAtlas.js';

const COLOURS = ['#deebf7', '#9ecae1', '#6baed6', '#3182bd', '#08519c'];
const NO_DATA = '#e6e6e6';
const WIDTH = 960;
const HEIGHT = 480;

export function WorldMap({
  values,
  focus,
  name,
  format,
  description,
}: {
  /** M49 numeric code (e.g. '170') → value. */
  values: ReadonlyMap<string, number>;
  /** M49 numeric codes of the countries to zoom to; null = the world. */
  focus: ReadonlySet<string> | null;
  name: (m49: string, fallback: string) => string;
  format: (n: number) => string;
  description: string;
}) {
  const countries = useCountries();

  const breaks = useMemo(() => classBreaks([...values.values()]), [values]);
  // One distinct value has no classes to tell apart: it takes the middle colour.
  const single = new Set(values.values()).size === 1;
  const colour = (v: number | undefined) =>
    v === undefined ? NO_DATA : single ? COLOURS[2]! : COLOURS[breaks.filter((b) => v > b).length]!;
  const drawn = useMemo(() => {
    if (!countries) return null;
    const focused = focus ? countries.filter((c) => focus.has(String(c.id))) : [];
    const projection = geoEqualEarth().fitExtent(
      [
        [8, 8],
        [WIDTH - 8, HEIGHT - 8],
      ],
      { type: 'FeatureCollection', features: focused.length ? focused : countries },
    );
    const path = geoPath(projection);
    return countries.map((c) => ({ id: String(c.id), name: c.properties.name, d: path(c) ?? '' }));
  }, [countries, focus]);

  return (
    <figure className="world-map">
      <svg viewBox={`0 0 ${WIDTH} ${HEIGHT}`} role="img" aria-label={description}>
        <rect width={WIDTH} height={HEIGHT} fill="#f4f8fb" />
        {drawn?.map((c) => {
          const v = values.get(c.id);
          return (
            <path key={c.id} d={c.d} fill={colour(v)} stroke="#fff" strokeWidth={0.5} opacity={focus && !focus.has(c.id) ? 0.35 : 1}>
              <title>{`${name(c.id, c.name)}: ${v === undefined ? '—' : format(v)}`}</title>
            </path>
          );
        })}
      </svg>
      {breaks.length > 0 && (
        <figcaption className="map-legend">
          {COLOURS.map((c, i) => (
            <span key={c}>
              <span className="swatch" style={{ background: c }} aria-hidden="true" />
              {i === 0
                ? `≤ ${format(breaks[0]!)}`
                : i === COLOURS.length - 1
                  ? `> ${format(breaks.at(-1)!)}`
                  : `${format(breaks[i - 1]!)} – ${format(breaks[i]!)}`}
            </span>
          ))}
          <span>
            <span className="swatch" style={{ background: NO_DATA }} aria-hidden="true" />—
          </span>
        </figcaption>
      )}
    </figure>
  );
}
