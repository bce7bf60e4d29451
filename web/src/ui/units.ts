/** Reporting units (countries and office units) with names in six languages, loaded once. */
import { useEffect, useState } from 'react';
import type { ReportingUnitView } from '@observatory/core';
import { loadUnits } from '../api/cache.js';
import { useFormat } from '../i18n/format.js';

export type UnitMap = ReadonlyMap<string, ReportingUnitView>;

export function useUnits(): UnitMap | null {
  const [units, setUnits] = useState<UnitMap | null>(null);
  useEffect(() => {
    let live = true;
    loadUnits().then(
      (list) => {
        if (live) setUnits(new Map(list.map((u) => [u.code, u])));
      },
      () => {
        // Names are a nicety: codes stand in when the list cannot be loaded.
      },
    );
    return () => {
      live = false;
    };
  }, []);
  return units;
}

/** A function naming a reporting unit in the interface language (its code until names load). */
export function useUnitName(): (code: string) => string {
  const units = useUnits();
  const fmt = useFormat();
  return (code) => fmt.name(units?.get(code)?.names, code);
}
