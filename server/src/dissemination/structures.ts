/**
 * The structures of what Observatory publishes: one dataflow per questionnaire (REF_AREA,
 * INDICATOR, then the questionnaire's own dimensions), and dataflows over the record
 * rollups and the office's estimates. Each dimension is enumerated by a code list; the
 * SDMX specials _T (total), _Z (not applicable) and _U (unknown) are added where a
 * dimension needs them.
 */
import { AGENCY, type AttributeConcept, type CodeList, type Concept, type Dataflow, type Definition, type Names } from '@observatory/core';
import type { AreaIndex } from '../analysis/areas.js';

export const SPECIAL_CODES: Record<string, Names> = {
  _T: { en: 'Total', fr: 'Total', es: 'Total', ru: 'Всего', ar: 'المجموع', zh: '合计' },
  _Z: { en: 'Not applicable', fr: 'Sans objet', es: 'No aplicable', ru: 'Не применимо', ar: 'لا ينطبق', zh: '不适用' },
  _U: { en: 'Unknown', fr: 'Inconnu', es: 'Desconocido', ru: 'Неизвестно', ar: 'غير معروف', zh: '未知' },
};

/** A code list with the SDMX special codes it lacks (under an id of its own, so the original stays as defined). */
export function withSpecials(list: CodeList): CodeList {
  const have = new Set(list.codes.map((c) => c.code));
  return {
    ...list,
    id: `${list.id}_sdmx`,
    codes: [
      ...list.codes,
      ...Object.entries(SPECIAL_CODES)
        .filter(([c]) => !have.has(c))
        .map(([code, names]) => ({ code, names })),
    ],
  };
}

const list = (id: string, names: Names, codes: Array<[string, Names]>): CodeList => ({
  id,
  version: 1,
  names,
  codes: codes.map(([code, n]) => ({ code, names: n })),
});

export const ATTRIBUTE_LISTS: CodeList[] = [
  list('obs_status', { en: 'Observation status', fr: 'Statut de l’observation', es: 'Estado de la observación' }, [
    ['A', { en: 'Normal value', fr: 'Valeur normale', es: 'Valor normal' }],
    ['E', { en: 'Estimated value', fr: 'Valeur estimée', es: 'Valor estimado' }],
    ['P', { en: 'Provisional value', fr: 'Valeur provisoire', es: 'Valor provisional' }],
  ]),
  list('conf_status', { en: 'Confidentiality status', fr: 'Statut de confidentialité', es: 'Estado de confidencialidad' }, [
    ['F', { en: 'Free', fr: 'Libre', es: 'Libre' }],
    [
      'C',
      { en: 'Confidential: not for publication (small count)', fr: 'Confidentiel (petit effectif)', es: 'Confidencial (recuento pequeño)' },
    ],
  ]),
  list('unit_measure', { en: 'Unit of measure', fr: 'Unité de mesure', es: 'Unidad de medida' }, [
    ['count', { en: 'Count', fr: 'Nombre', es: 'Número' }],
    ['kg', { en: 'Kilograms', fr: 'Kilogrammes', es: 'Kilogramos' }],
    ['ha', { en: 'Hectares', fr: 'Hectares', es: 'Hectáreas' }],
    ['percent', { en: 'Percent', fr: 'Pourcentage', es: 'Porcentaje' }],
    ['per_100k', { en: 'Per 100,000 population', fr: 'Pour 100 000 habitants', es: 'Por 100.000 habitantes' }],
    ['usd_per_gram', { en: 'US dollars per gram', fr: 'Dollars des É.-U. par gramme', es: 'Dólares EE.UU. por gramo' }],
    ['usd', { en: 'US dollars', fr: 'Dollars des É.-U.', es: 'Dólares EE.UU.' }],
    ['rate_per_100k', { en: 'Per 100,000 population', fr: 'Pour 100 000 habitants', es: 'Por 100.000 habitantes' }],
  ]),
];

const A = (id: string, names: Names, attachment: AttributeConcept['attachment'], codeList?: string): AttributeConcept => ({
  id,
  names,
  attachment,
  ...(codeList ? { codeList } : {}),
});
const OBS_STATUS = A(
  'OBS_STATUS',
  { en: 'Observation status', fr: 'Statut de l’observation', es: 'Estado de la observación' },
  'observation',
  'obs_status',
);
const CONF_STATUS = A(
  'CONF_STATUS',
  { en: 'Confidentiality status', fr: 'Statut de confidentialité', es: 'Estado de confidencialidad' },
  'observation',
  'conf_status',
);
const UNIT_MEASURE = A('UNIT_MEASURE', { en: 'Unit of measure', fr: 'Unité de mesure', es: 'Unidad de medida' }, 'series', 'unit_measure');
const COVERAGE = A(
  'COVERAGE',
  {
    en: 'Coverage of an aggregate (units reporting / units in the area; share of population)',
    fr: 'Couverture de l’agrégat',
    es: 'Cobertura del agregado',
  },
  'observation',
);
const SOURCE = A('SOURCE', { en: 'Source', fr: 'Source', es: 'Fuente' }, 'dataset');
const MEASURE: Concept = {
  id: 'OBS_VALUE',
  names: { en: 'Observation value', fr: 'Valeur de l’observation', es: 'Valor de la observación' },
};
const REF_AREA: Concept = {
  id: 'REF_AREA',
  names: { en: 'Reference area', fr: 'Zone de référence', es: 'Zona de referencia' },
  codeList: 'area',
};
const STANDARD_ATTRIBUTES = [UNIT_MEASURE, OBS_STATUS, CONF_STATUS, COVERAGE, SOURCE];

export const flowOf = (id: string, names: Names, dimensions: Concept[], attributes = STANDARD_ATTRIBUTES): Dataflow => ({
  agency: AGENCY,
  id,
  version: '1.0',
  names,
  structure: {
    agency: AGENCY,
    id: `DSD_${id}`,
    version: '1.0',
    names,
    dimensions: [REF_AREA, ...dimensions],
    attributes,
    measure: MEASURE,
  },
});

/** The code list of REF_AREA: every reporting unit, M49 area and office grouping. */
export function areaCodeList(areas: AreaIndex): CodeList {
  return {
    id: 'area',
    version: 1,
    names: { en: 'Reference area', fr: 'Zone de référence', es: 'Zona de referencia' },
    codes: areas.all().map((a) => ({ code: a.code, names: a.names })),
  };
}

export const dimensionId = (id: string) => id.toUpperCase();

/** The dataflow of a questionnaire: its items as INDICATOR, its dimensions (with _Z where an item lacks one). */
export function definitionFlow(def: Definition): { flow: Dataflow; lists: CodeList[] } {
  const indicator: CodeList = {
    id: `${def.id}_indicator`,
    version: def.version,
    names: { en: `Indicators of ${def.title.en}` },
    codes: def.items.filter((i) => ['number', 'integer', 'percentage'].includes(i.type)).map((i) => ({ code: i.id, names: i.label })),
  };
  const dims: Concept[] = [
    { id: 'INDICATOR', names: { en: 'Indicator', fr: 'Indicateur', es: 'Indicador' }, codeList: indicator.id },
    ...def.dimensions.map((d) => ({ id: dimensionId(d.id), names: d.label, codeList: `${d.codeList}_sdmx` })),
  ];
  return { flow: flowOf(def.id.toUpperCase(), def.title, dims), lists: [indicator] };
}

const MEASURES = (id: string, codes: Array<[string, Names]>) => list(id, { en: 'Measure', fr: 'Mesure', es: 'Medida' }, codes);
const dim = (id: string, names: Names, codeList: string): Concept => ({ id, names, codeList });

export const RECORD_LISTS: CodeList[] = [
  MEASURES('ids_measure', [
    [
      'KG',
      {
        en: 'Quantity seized, kilograms (counts converted through stated factors)',
        fr: 'Quantité saisie, kilogrammes',
        es: 'Cantidad incautada, kilogramos',
      },
    ],
    ['CASES', { en: 'Seizure cases', fr: 'Cas de saisie', es: 'Casos de incautación' }],
  ]),
  MEASURES('vrs_measure', [
    ['INCIDENTS', { en: 'Smuggling incidents', fr: 'Incidents de trafic', es: 'Incidentes de tráfico' }],
    ['MIGRANTS', { en: 'Smuggled migrants', fr: 'Migrants objet d’un trafic', es: 'Migrantes objeto de tráfico' }],
    ['DEATHS', { en: 'Deaths', fr: 'Décès', es: 'Muertes' }],
  ]),
  MEASURES('nps_measure', [['REPORTS', { en: 'Laboratory reports', fr: 'Rapports de laboratoire', es: 'Informes de laboratorio' }]]),
  list('estimate_indicator', { en: 'Estimate', fr: 'Estimation', es: 'Estimación' }, [
    [
      'homicide_victims',
      {
        en: 'Victims of intentional homicide (estimate)',
        fr: 'Victimes d’homicide volontaire (estimation)',
        es: 'Víctimas de homicidio intencional (estimación)',
      },
    ],
    [
      'homicide_rate',
      {
        en: 'Intentional homicide rate per 100,000 (estimate)',
        fr: 'Taux d’homicide volontaire pour 100 000 (estimation)',
        es: 'Tasa de homicidio intencional por 100.000 (estimación)',
      },
    ],
  ]),
  list('estimate_age', { en: 'Age', fr: 'Âge', es: 'Edad' }, [
    ['Y0T14', { en: '0-14 years' }],
    ['Y15T29', { en: '15-29 years' }],
    ['Y30T44', { en: '30-44 years' }],
    ['Y45T59', { en: '45-59 years' }],
    ['Y_GE60', { en: '60 years or over' }],
  ]),
  list('estimate_mechanism', { en: 'Mechanism', fr: 'Mécanisme', es: 'Mecanismo' }, [
    ['FIREARM', { en: 'Firearm', fr: 'Arme à feu', es: 'Arma de fuego' }],
    ['SHARP', { en: 'Sharp object', fr: 'Objet tranchant', es: 'Objeto cortante' }],
    ['OTHER', { en: 'Other mechanism', fr: 'Autre mécanisme', es: 'Otro mecanismo' }],
    ['UNKNOWN', { en: 'Unknown mechanism', fr: 'Mécanisme inconnu', es: 'Mecanismo desconocido' }],
  ]),
];

const MEASURE_DIM = (codeList: string) => dim('MEASURE', { en: 'Measure', fr: 'Mesure', es: 'Medida' }, codeList);
const DRUG = dim('DRUG', { en: 'Drug', fr: 'Drogue', es: 'Droga' }, 'drug_sdmx');

export const RECORD_FLOWS: Record<string, Dataflow> = {
  IDS_SEIZURES: flowOf(
    'IDS_SEIZURES',
    {
      en: 'Drug seizures (individual seizure records, aggregated)',
      fr: 'Saisies de drogues (cas individuels, agrégés)',
      es: 'Incautaciones de drogas (casos individuales, agregados)',
    },
    [
      DRUG,
      dim('TRANSPORT', { en: 'Mode of transport', fr: 'Mode de transport', es: 'Modo de transporte' }, 'transport_mode_sdmx'),
      MEASURE_DIM('ids_measure'),
    ],
  ),
  IDS_FLOWS: flowOf(
    'IDS_FLOWS',
    {
      en: 'Drug trafficking flows from seizures (origin to destination)',
      fr: 'Flux de trafic de drogues (origine vers destination)',
      es: 'Flujos de tráfico de drogas (origen a destino)',
    },
    [
      dim('ORIGIN', { en: 'Country of origin', fr: 'Pays d’origine', es: 'País de origen' }, 'country_sdmx'),
      dim('DESTINATION', { en: 'Country of destination', fr: 'Pays de destination', es: 'País de destino' }, 'country_sdmx'),
      DRUG,
      MEASURE_DIM('ids_measure'),
    ],
  ),
  VRS_SMUGGLING: flowOf(
    'VRS_SMUGGLING',
    {
      en: 'Migrant smuggling incidents (VRS-MSRC, aggregated)',
      fr: 'Trafic illicite de migrants (VRS-MSRC, agrégé)',
      es: 'Tráfico ilícito de migrantes (VRS-MSRC, agregado)',
    },
    [
      dim('DEPARTURE', { en: 'Country of departure', fr: 'Pays de départ', es: 'País de salida' }, 'country_sdmx'),
      dim('DESTINATION', { en: 'Intended destination', fr: 'Destination prévue', es: 'Destino previsto' }, 'country_sdmx'),
      MEASURE_DIM('vrs_measure'),
    ],
  ),
  NPS_REPORTS: flowOf(
    'NPS_REPORTS',
    {
      en: 'New psychoactive substances identified by laboratories',
      fr: 'Nouvelles substances psychoactives identifiées',
      es: 'Nuevas sustancias psicoactivas identificadas',
    },
    [
      dim('CHEMICAL_GROUP', { en: 'Chemical group', fr: 'Groupe chimique', es: 'Grupo químico' }, 'nps_chemical_group_sdmx'),
      dim('MATRIX', { en: 'Matrix', fr: 'Matrice', es: 'Matriz' }, 'nps_matrix_sdmx'),
      dim('SEX', { en: 'Sex (toxicology)', fr: 'Sexe (toxicologie)', es: 'Sexo (toxicología)' }, 'sex_sdmx'),
      dim(
        'AGE',
        { en: 'Age group (toxicology)', fr: 'Groupe d’âge (toxicologie)', es: 'Grupo de edad (toxicología)' },
        'age_child_adult_sdmx',
      ),
      MEASURE_DIM('nps_measure'),
    ],
  ),
  HOMICIDE_ESTIMATES: flowOf(
    'HOMICIDE_ESTIMATES',
    {
      en: 'Intentional homicide: office estimates',
      fr: 'Homicide volontaire : estimations de l’Office',
      es: 'Homicidio intencional: estimaciones de la Oficina',
    },
    [
      dim('INDICATOR', { en: 'Indicator', fr: 'Indicateur', es: 'Indicador' }, 'estimate_indicator'),
      dim('SEX', { en: 'Sex', fr: 'Sexe', es: 'Sexo' }, 'sex_sdmx'),
      dim('AGE', { en: 'Age', fr: 'Âge', es: 'Edad' }, 'estimate_age_sdmx'),
      dim('MECHANISM', { en: 'Mechanism', fr: 'Mécanisme', es: 'Mecanismo' }, 'estimate_mechanism_sdmx'),
    ],
    [
      UNIT_MEASURE,
      OBS_STATUS,
      CONF_STATUS,
      A('LOWER_BOUND', { en: 'Lower bound', fr: 'Borne inférieure', es: 'Límite inferior' }, 'observation'),
      A('UPPER_BOUND', { en: 'Upper bound', fr: 'Borne supérieure', es: 'Límite superior' }, 'observation'),
      A('METHOD', { en: 'Method', fr: 'Méthode', es: 'Método' }, 'observation'),
      SOURCE,
    ],
  ),
};
