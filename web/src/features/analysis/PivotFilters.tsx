/**
 * The pivot table's filters: rows kept to chosen codes of the source's dimensions. Where and
 * when are chosen by the area and the years; free-text dimensions (NPS substance names) are
 * left out, because a name may hold the comma that separates the API's `filter` pairs. Each
 * filter is a chip that removes itself; all of them travel in the URL as that parameter.
 */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { PivotSource } from '@observatory/core';
import { SelectField } from '../../ui/SelectField.js';
import { RemovableChips } from '../../ui/RemovableChips.js';
import { filterableDimensions, formatFilter, type FilterPair } from './pivot-filter.js';

export function PivotFilters(props: {
  source: PivotSource;
  pairs: readonly FilterPair[];
  dimensionName(id: string): string;
  codeName(dimension: string, code: string): string;
  /** The codes a dimension can take, in the order to offer them. */
  codes(dimension: string): readonly string[];
  onChange(filter: string): void;
}) {
  const { t } = useTranslation();
  const [dimension, setDimension] = useState('');
  const [code, setCode] = useState('');
  const dimensions = filterableDimensions(props.source);
  const chosen = dimensions.some((d) => d.id === dimension) ? dimension : '';
  const offered = chosen ? props.codes(chosen).filter((c) => !props.pairs.some(([d, x]) => d === chosen && x === c)) : [];
  const name = ([d, c]: FilterPair) => `${props.dimensionName(d)}: ${props.codeName(d, c)}`;
  return (
    <fieldset className="pivot-filters">
      <legend>{t('analysis.pivot.filter.title')}</legend>
      <div className="toolbar">
        <SelectField
          label={t('analysis.pivot.filter.dimension')}
          value={chosen}
          onChange={(e) => {
            setDimension(e.target.value);
            setCode('');
          }}
        >
          <option value="">{t('analysis.pivot.filter.choose')}</option>
          {dimensions.map((d) => (
            <option key={d.id} value={d.id}>
              {props.dimensionName(d.id)}
            </option>
          ))}
        </SelectField>
        <SelectField label={t('analysis.pivot.filter.code')} value={code} disabled={!chosen} onChange={(e) => setCode(e.target.value)}>
          <option value="">{t('analysis.pivot.filter.choose')}</option>
          {offered.map((c) => (
            <option key={c} value={c}>
              {props.codeName(chosen, c)}
            </option>
          ))}
        </SelectField>
        <button
          type="button"
          disabled={!chosen || !code}
          onClick={() => {
            props.onChange(formatFilter([...props.pairs, [chosen, code]]));
            setCode('');
          }}
        >
          {t('analysis.pivot.filter.add')}
        </button>
      </div>
      {props.pairs.length === 0 ? (
        <p className="muted">{t('analysis.pivot.filter.none')}</p>
      ) : (
        <RemovableChips
          label={t('analysis.pivot.filter.active')}
          chips={props.pairs.map((pair) => ({
            key: formatFilter([pair]),
            label: name(pair),
            removeLabel: t('analysis.pivot.filter.remove', { filter: name(pair) }),
          }))}
          onRemove={(key) => props.onChange(formatFilter(props.pairs.filter((p) => formatFilter([p]) !== key)))}
        />
      )}
    </fieldset>
  );
}
