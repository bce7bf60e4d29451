/**
 * Natural Earth country boundaries (world-atlas, 1:110m), loaded once on first use (a lazy
 * chunk: only the map pages need it), with what the maps ask of them: a country's main
 * point for a flow's end (the centroid of its largest polygon, so that France's arrows
 * start in Europe, not between Europe and French Guiana).
 */
import { useEffect, useState } from 'react';
import { geoArea, geoCentroid } from 'd3-geo';
import { feature } from 'topojson-client';
import type { Feature, FeatureCollection, Geometry, Polygon } from 'geojson';
import type { GeometryCollection, Topology } from 'topojson-specification';

export type Country = Feature<Geometry, { name: string }>;

let loading: Promise<Country[]> | null = null;

function load(): Promise<Country[]> {
  loading ??= import('world-atlas/countries-110m.json').then((m) => {
    const topology = (m.default ?? m) as unknown as Topology<{ countries: GeometryCollection<{ name: string }> }>;
    return (feature(topology, topology.objects.countries) as FeatureCollection<Geometry, { name: string }>).features;
  });
  return loading;
}

/** The countries, once loaded (null until then). */
export function useCountries(): Country[] | null {
  const [countries, setCountries] = useState<Country[] | null>(null);
  useEffect(() => {
    let live = true;
    void load().then((c) => live && setCountries(c));
    return () => {
      live = false;
    };
  }, []);
  return countries;
}

/** Longitude and latitude of the centre of a country's largest polygon. */
export function mainPoint(c: Country): [number, number] {
  const g = c.geometry;
  if (g.type !== 'MultiPolygon') return geoCentroid(c);
  let best: Polygon = { type: 'Polygon', coordinates: g.coordinates[0]! };
  let bestArea = geoArea(best);
  for (const coordinates of g.coordinates.slice(1)) {
    const p: Polygon = { type: 'Polygon', coordinates };
    const a = geoArea(p);
    if (a > bestArea) [best, bestArea] = [p, a];
  }
  return geoCentroid(best);
}
