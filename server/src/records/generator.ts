/**
 * Synthetic case records, seeded and reproducible, for tests, demos and benchmarks. Real
 * individual seizure records are not public: these are invented, with distributions that
 * look like the real world (drug mixes by region, log-normal quantities, plausible
 * trafficking routes, growth over 2005-2024). Never present them as real data.
 */

/** mulberry32: a small, fast, seedable PRNG (public domain). */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Rand = () => number;
const pick = <T>(rand: Rand, items: readonly T[]): T => items[Math.floor(rand() * items.length)]!;
function weighted<T>(rand: Rand, items: ReadonlyArray<readonly [T, number]>): T {
  const total = items.reduce((s, [, w]) => s + w, 0);
  let r = rand() * total;
  for (const [v, w] of items) if ((r -= w) <= 0) return v;
  return items[items.length - 1]![0];
}
function normal(rand: Rand): number {
  const u = Math.max(rand(), 1e-12);
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rand());
}
const logNormal = (rand: Rand, median: number, sigma: number) => median * Math.exp(sigma * normal(rand));

interface DrugProfile {
  drug: string;
  unit: 'kg' | 'g' | 'tablets' | 'plants';
  median: number;
  sigma: number;
  origins: ReadonlyArray<readonly [string, number]>;
  transits: readonly string[];
  destinations: ReadonlyArray<readonly [string, number]>;
  transport: ReadonlyArray<readonly [string, number]>;
}

const COCAINE_ORIGINS = [
  ['COL', 6],
  ['PER', 2],
  ['BOL', 1],
] as const;
const COCAINE_TRANSITS = ['ECU', 'VEN', 'BRA', 'PAN', 'GTM', 'MEX', 'DOM', 'GHA', 'NGA', 'ESP', 'NLD'];
const COCAINE_DEST = [
  ['USA', 5],
  ['ESP', 2],
  ['NLD', 2],
  ['BEL', 2],
  ['GBR', 1],
  ['ITA', 1],
  ['FRA', 1],
  ['AUS', 1],
  ['DEU', 1],
] as const;
const HEROIN_ORIGINS = [
  ['AFG', 5],
  ['MMR', 2],
  ['MEX', 1],
  ['LAO', 1],
] as const;
const HEROIN_TRANSITS = ['IRN', 'PAK', 'TUR', 'BGR', 'ROU', 'AZE', 'TJK', 'KAZ', 'THA', 'KEN', 'TZA'];
const HEROIN_DEST = [
  ['DEU', 1],
  ['GBR', 1],
  ['NLD', 1],
  ['RUS', 2],
  ['IRN', 1],
  ['AUS', 1],
  ['USA', 1],
  ['CHN', 1],
] as const;
const METH_ORIGINS = [
  ['MMR', 5],
  ['MEX', 3],
  ['AFG', 1],
  ['NLD', 1],
] as const;

const PROFILES: Record<string, DrugProfile> = {
  cocaine_hcl: {
    drug: 'cocaine_hcl',
    unit: 'kg',
    median: 2,
    sigma: 2.2,
    origins: COCAINE_ORIGINS,
    transits: COCAINE_TRANSITS,
    destinations: COCAINE_DEST,
    transport: [
      ['VESSEL', 4],
      ['AIR', 3],
      ['TRUCK', 2],
      ['CAR', 1],
      ['POSTAL', 1],
    ],
  },
  coca_paste: {
    drug: 'coca_paste',
    unit: 'kg',
    median: 5,
    sigma: 1.8,
    origins: COCAINE_ORIGINS,
    transits: ['BRA', 'PRY', 'ARG'],
    destinations: [
      ['BRA', 2],
      ['ARG', 1],
      ['CHL', 1],
    ],
    transport: [
      ['TRUCK', 3],
      ['CAR', 2],
      ['ON_FOOT', 1],
    ],
  },
  crack: {
    drug: 'crack',
    unit: 'g',
    median: 20,
    sigma: 1.5,
    origins: COCAINE_ORIGINS,
    transits: [],
    destinations: [
      ['BRA', 2],
      ['USA', 2],
      ['GBR', 1],
    ],
    transport: [
      ['CAR', 2],
      ['ON_FOOT', 3],
      ['OTHER', 1],
    ],
  },
  heroin: {
    drug: 'heroin',
    unit: 'kg',
    median: 0.8,
    sigma: 2,
    origins: HEROIN_ORIGINS,
    transits: HEROIN_TRANSITS,
    destinations: HEROIN_DEST,
    transport: [
      ['TRUCK', 4],
      ['CAR', 2],
      ['AIR', 2],
      ['VESSEL', 1],
      ['POSTAL', 1],
    ],
  },
  opium: {
    drug: 'opium',
    unit: 'kg',
    median: 10,
    sigma: 1.9,
    origins: [
      ['AFG', 8],
      ['MMR', 2],
    ],
    transits: ['IRN', 'PAK', 'TJK'],
    destinations: [
      ['IRN', 4],
      ['PAK', 1],
      ['IND', 1],
    ],
    transport: [
      ['TRUCK', 3],
      ['CAR', 2],
      ['ON_FOOT', 2],
    ],
  },
  methamphetamine: {
    drug: 'methamphetamine',
    unit: 'kg',
    median: 1.5,
    sigma: 2.1,
    origins: METH_ORIGINS,
    transits: ['LAO', 'THA', 'MYS', 'USA', 'IRN'],
    destinations: [
      ['AUS', 2],
      ['JPN', 1],
      ['USA', 3],
      ['KOR', 1],
      ['PHL', 2],
      ['MYS', 1],
    ],
    transport: [
      ['TRUCK', 3],
      ['VESSEL', 2],
      ['AIR', 1],
      ['POSTAL', 2],
      ['CAR', 2],
    ],
  },
  yaba: {
    drug: 'yaba',
    unit: 'tablets',
    median: 20000,
    sigma: 2,
    origins: [
      ['MMR', 9],
      ['LAO', 1],
    ],
    transits: ['LAO', 'THA'],
    destinations: [
      ['THA', 4],
      ['BGD', 3],
      ['MYS', 1],
      ['KHM', 1],
    ],
    transport: [
      ['TRUCK', 3],
      ['CAR', 3],
      ['VESSEL', 1],
      ['ON_FOOT', 1],
    ],
  },
  mdma: {
    drug: 'mdma',
    unit: 'tablets',
    median: 2000,
    sigma: 2.3,
    origins: [
      ['NLD', 6],
      ['BEL', 2],
      ['DEU', 1],
    ],
    transits: ['DEU', 'FRA', 'ESP'],
    destinations: [
      ['GBR', 2],
      ['AUS', 2],
      ['USA', 1],
      ['FRA', 1],
      ['DEU', 1],
    ],
    transport: [
      ['POSTAL', 4],
      ['AIR', 2],
      ['CAR', 2],
      ['TRUCK', 1],
    ],
  },
  amphetamine: {
    drug: 'amphetamine',
    unit: 'kg',
    median: 1,
    sigma: 1.8,
    origins: [
      ['NLD', 4],
      ['BEL', 2],
      ['POL', 2],
      ['DEU', 1],
    ],
    transits: ['DEU', 'CZE'],
    destinations: [
      ['SWE', 1],
      ['NOR', 1],
      ['FIN', 1],
      ['GBR', 1],
      ['DEU', 2],
    ],
    transport: [
      ['CAR', 3],
      ['TRUCK', 2],
      ['POSTAL', 2],
    ],
  },
  cannabis_herb: {
    drug: 'cannabis_herb',
    unit: 'kg',
    median: 3,
    sigma: 2.2,
    origins: [
      ['MEX', 2],
      ['PRY', 2],
      ['COL', 1],
      ['NGA', 2],
      ['ZAF', 1],
      ['ALB', 1],
      ['LBN', 1],
    ],
    transits: ['GHA', 'BEN', 'GRC'],
    destinations: [
      ['USA', 1],
      ['BRA', 2],
      ['ARG', 1],
      ['NGA', 1],
      ['ZAF', 1],
      ['ITA', 1],
    ],
    transport: [
      ['TRUCK', 3],
      ['CAR', 3],
      ['VESSEL', 1],
      ['ON_FOOT', 1],
      ['POSTAL', 1],
    ],
  },
  cannabis_resin: {
    drug: 'cannabis_resin',
    unit: 'kg',
    median: 20,
    sigma: 2,
    origins: [
      ['MAR', 8],
      ['AFG', 1],
      ['LBN', 1],
    ],
    transits: ['ESP', 'DZA', 'LBY', 'FRA'],
    destinations: [
      ['ESP', 2],
      ['FRA', 2],
      ['ITA', 2],
      ['NLD', 1],
      ['BEL', 1],
    ],
    transport: [
      ['VESSEL', 3],
      ['TRUCK', 3],
      ['CAR', 2],
    ],
  },
  cannabis_plants: {
    drug: 'cannabis_plants',
    unit: 'plants',
    median: 150,
    sigma: 1.8,
    origins: [],
    transits: [],
    destinations: [],
    transport: [['OTHER', 1]],
  },
  tramadol: {
    drug: 'tramadol',
    unit: 'tablets',
    median: 50000,
    sigma: 2,
    origins: [
      ['IND', 8],
      ['CHN', 2],
    ],
    transits: ['EGY', 'TGO', 'BEN', 'GHA'],
    destinations: [
      ['NGA', 3],
      ['EGY', 2],
      ['CMR', 1],
      ['LBY', 1],
      ['NER', 1],
    ],
    transport: [
      ['VESSEL', 3],
      ['TRUCK', 2],
      ['AIR', 1],
    ],
  },
  fentanyl: {
    drug: 'fentanyl',
    unit: 'g',
    median: 200,
    sigma: 2,
    origins: [
      ['MEX', 7],
      ['CHN', 3],
    ],
    transits: ['MEX'],
    destinations: [
      ['USA', 9],
      ['CAN', 1],
    ],
    transport: [
      ['CAR', 4],
      ['TRUCK', 2],
      ['POSTAL', 3],
      ['ON_FOOT', 1],
    ],
  },
  ketamine_type: {
    drug: 'ketamine_type',
    unit: 'kg',
    median: 2,
    sigma: 2,
    origins: [
      ['MMR', 3],
      ['IND', 2],
      ['CHN', 2],
    ],
    transits: ['THA', 'MYS'],
    destinations: [
      ['CHN', 2],
      ['HKG', 1],
      ['TWN', 1],
      ['MYS', 1],
      ['THA', 1],
    ],
    transport: [
      ['VESSEL', 2],
      ['AIR', 2],
      ['POSTAL', 2],
      ['TRUCK', 1],
    ],
  },
};

/** Drug mixes of the seizing country, by UN M49 sub-region (or region) code. */
const MIX_BY_AREA: Record<string, ReadonlyArray<readonly [string, number]>> = {
  '005': [
    ['cocaine_hcl', 30],
    ['coca_paste', 15],
    ['cannabis_herb', 35],
    ['crack', 8],
    ['cannabis_plants', 7],
    ['heroin', 2],
    ['methamphetamine', 3],
  ], // South America
  '013': [
    ['cocaine_hcl', 25],
    ['cannabis_herb', 35],
    ['methamphetamine', 15],
    ['fentanyl', 8],
    ['heroin', 7],
    ['cannabis_plants', 10],
  ], // Central America
  '021': [
    ['cannabis_herb', 35],
    ['methamphetamine', 20],
    ['cocaine_hcl', 18],
    ['fentanyl', 12],
    ['heroin', 8],
    ['mdma', 3],
    ['cannabis_plants', 4],
  ], // Northern America
  '029': [
    ['cocaine_hcl', 45],
    ['cannabis_herb', 50],
    ['crack', 5],
  ], // Caribbean
  '150': [
    ['cannabis_herb', 30],
    ['cannabis_resin', 22],
    ['cocaine_hcl', 18],
    ['heroin', 8],
    ['amphetamine', 8],
    ['mdma', 8],
    ['cannabis_plants', 6],
  ], // Europe
  '034': [
    ['heroin', 20],
    ['cannabis_resin', 25],
    ['methamphetamine', 20],
    ['cannabis_herb', 25],
    ['opium', 10],
  ], // Southern Asia
  '143': [
    ['heroin', 30],
    ['opium', 20],
    ['cannabis_resin', 30],
    ['methamphetamine', 20],
  ], // Central Asia
  '145': [
    ['cannabis_resin', 25],
    ['heroin', 20],
    ['opium', 15],
    ['methamphetamine', 25],
    ['tramadol', 15],
  ], // Western Asia
  '035': [
    ['yaba', 35],
    ['methamphetamine', 30],
    ['heroin', 15],
    ['ketamine_type', 10],
    ['cannabis_herb', 10],
  ], // South-eastern Asia
  '030': [
    ['methamphetamine', 45],
    ['ketamine_type', 20],
    ['heroin', 15],
    ['cannabis_herb', 15],
    ['mdma', 5],
  ], // Eastern Asia
  '002': [
    ['cannabis_herb', 55],
    ['tramadol', 20],
    ['cocaine_hcl', 10],
    ['heroin', 8],
    ['cannabis_resin', 7],
  ], // Africa
  '009': [
    ['methamphetamine', 40],
    ['cannabis_herb', 35],
    ['mdma', 12],
    ['cocaine_hcl', 10],
    ['heroin', 3],
  ], // Oceania
};
const DEFAULT_MIX = MIX_BY_AREA['150']!;

const LOCATIONS: Record<string, ReadonlyArray<readonly [string, number]>> = {
  VESSEL: [
    ['SEAPORT', 6],
    ['TERRITORIAL_WATERS', 2],
    ['INTERNATIONAL_WATERS', 1],
  ],
  AIR: [['AIRPORT', 1]],
  POSTAL: [
    ['POST_OFFICE', 3],
    ['AIRPORT', 1],
  ],
  TRUCK: [
    ['ROAD', 6],
    ['WAREHOUSE', 1],
    ['SEAPORT', 1],
  ],
  CAR: [
    ['ROAD', 5],
    ['DWELLING', 1],
  ],
  ON_FOOT: [
    ['ROAD', 2],
    ['DWELLING', 2],
    ['OTHER', 1],
  ],
  OTHER: [
    ['DWELLING', 3],
    ['COMMERCIAL', 1],
    ['OTHER', 1],
  ],
};

export interface SeizingCountry {
  code: string;
  region: string | null;
  subregion: string | null;
  intermediate: string | null;
  /** Share of the world's seizure records this country makes; drawn by weight. */
  weight?: number;
}

export interface SyntheticSeizure {
  country: string;
  seizure_date: string;
  city: string;
  admin_region: string;
  location_type: string;
  drug: string;
  quantity: number;
  unit: string;
  transport: string;
  origin: string | null;
  departure: string | null;
  transit: string[];
  destination: string | null;
  source: string;
  reporting_channel: string;
  remarks: string;
  handling: string;
  reliability: string;
  accuracy: number;
}

const SOURCES = ['Customs', 'National police', 'Drug control agency', 'Coast guard', 'Border police'];
const CHANNELS = ['IDS portal', 'Liaison officer', 'ARQ annex', 'Regional network'];

function mixFor(c: SeizingCountry) {
  return MIX_BY_AREA[c.intermediate ?? ''] ?? MIX_BY_AREA[c.subregion ?? ''] ?? MIX_BY_AREA[c.region ?? ''] ?? DEFAULT_MIX;
}

/** An endless, reproducible stream of seizures for the given seizing countries (weighted). */
export function* seizures(
  countries: readonly SeizingCountry[],
  seed: number,
  years: [number, number] = [2005, 2024],
): Generator<SyntheticSeizure> {
  const rand = prng(seed);
  const weighted_ = countries.map((c) => [c, c.weight ?? 1] as const);
  const span = years[1] - years[0] + 1;
  for (;;) {
    const c = weighted(rand, weighted_);
    const profile = PROFILES[weighted(rand, mixFor(c))]!;
    // More seizures in later years: the year's index is drawn with a rising density.
    const year = years[0] + Math.min(span - 1, Math.floor(span * Math.sqrt(rand())));
    const day = 1 + Math.floor(rand() * 365);
    const date = new Date(Date.UTC(year, 0, day)).toISOString().slice(0, 10);
    const transport = weighted(rand, profile.transport);
    const origin = profile.origins.length && rand() < 0.8 ? weighted(rand, profile.origins) : null;
    const destination = profile.destinations.length && rand() < 0.7 ? (rand() < 0.4 ? c.code : weighted(rand, profile.destinations)) : null;
    const transit =
      profile.transits.length && rand() < 0.5 ? [pick(rand, profile.transits)].filter((t) => t !== c.code && t !== origin) : [];
    const departure = rand() < 0.6 ? (transit[0] ?? origin) : null;
    let quantity = logNormal(rand, profile.median, profile.sigma);
    quantity =
      profile.unit === 'tablets' || profile.unit === 'plants'
        ? Math.max(1, Math.round(quantity))
        : Math.round(quantity * 1000) / 1000 || 0.001;
    yield {
      country: c.code,
      seizure_date: date,
      city: `City ${1 + Math.floor(rand() * 40)}`,
      admin_region: `Region ${1 + Math.floor(rand() * 12)}`,
      location_type: weighted(rand, LOCATIONS[transport] ?? LOCATIONS['OTHER']!),
      drug: profile.drug,
      quantity,
      unit: profile.unit,
      transport,
      origin: origin === c.code ? null : origin,
      departure: departure === c.code ? null : departure,
      transit,
      destination,
      source: pick(rand, SOURCES),
      reporting_channel: pick(rand, CHANNELS),
      remarks: rand() < 0.05 ? 'concealed in cargo' : '',
      handling: weighted(rand, [
        ['H0', 3],
        ['H1', 5],
        ['H2', 1],
      ] as const),
      reliability: weighted(rand, [
        ['A', 2],
        ['B', 5],
        ['C', 1],
        ['X', 1],
      ] as const),
      accuracy: weighted(rand, [
        [1, 2],
        [2, 5],
        [3, 2],
        [4, 1],
      ] as const),
    };
  }
}

export const IDS_CSV_HEADER = [
  'Date',
  'City',
  'Region',
  'Location type',
  'Drug',
  'Quantity',
  'Unit',
  'Mode of transport',
  'Country of origin',
  'Country of departure',
  'Transit',
  'Country of destination',
  'Source',
  'Reporting channel',
  'Remarks',
  'Handling',
  'Reliability',
  'Accuracy',
];

const csv = (v: string | number | null) => {
  const s = v === null ? '' : String(v);
  return /[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
};

/** A synthetic seizure as the cells of a row, in the order of IDS_CSV_HEADER. */
export function seizureCells(s: SyntheticSeizure): Array<string | number | null> {
  return [
    s.seizure_date,
    s.city,
    s.admin_region,
    s.location_type,
    s.drug,
    s.quantity,
    s.unit,
    s.transport,
    s.origin,
    s.departure,
    s.transit.join(';'),
    s.destination,
    s.source,
    s.reporting_channel,
    s.remarks,
    s.handling,
    s.reliability,
    s.accuracy,
  ];
}

export function seizureCsvLine(s: SyntheticSeizure): string {
  return seizureCells(s).map(csv).join(',');
}

interface SmugglingRoute {
  departure: string;
  transit: string[];
  destinations: ReadonlyArray<readonly [string, number]>;
  citizenships: ReadonlyArray<readonly [string, number]>;
  transport: ReadonlyArray<readonly [string, number]>;
  feeUsd: number;
}

const SMUGGLING_ROUTES: ReadonlyArray<readonly [SmugglingRoute, number]> = [
  [
    {
      departure: 'LBY',
      transit: ['NER', 'SDN'],
      destinations: [
        ['ITA', 8],
        ['MLT', 1],
      ],
      citizenships: [
        ['ERI', 3],
        ['SDN', 3],
        ['NGA', 2],
        ['BGD', 3],
        ['EGY', 2],
      ],
      transport: [
        ['VESSEL', 9],
        ['TRUCK', 1],
      ],
      feeUsd: 3000,
    },
    5,
  ],
  [
    {
      departure: 'TUR',
      transit: ['IRN'],
      destinations: [
        ['GRC', 7],
        ['BGR', 2],
        ['ITA', 1],
      ],
      citizenships: [
        ['SYR', 4],
        ['AFG', 4],
        ['IRQ', 2],
        ['PAK', 2],
      ],
      transport: [
        ['VESSEL', 5],
        ['ON_FOOT', 3],
        ['TRUCK', 2],
      ],
      feeUsd: 2500,
    },
    4,
  ],
  [
    {
      departure: 'MAR',
      transit: ['DZA', 'MLI'],
      destinations: [['ESP', 9]],
      citizenships: [
        ['MAR', 4],
        ['GIN', 2],
        ['MLI', 2],
        ['CIV', 2],
        ['SEN', 2],
      ],
      transport: [
        ['VESSEL', 8],
        ['ON_FOOT', 2],
      ],
      feeUsd: 2000,
    },
    3,
  ],
  [
    {
      departure: 'MEX',
      transit: ['GTM'],
      destinations: [['USA', 10]],
      citizenships: [
        ['MEX', 3],
        ['GTM', 3],
        ['HND', 3],
        ['SLV', 2],
        ['VEN', 2],
        ['ECU', 1],
      ],
      transport: [
        ['TRUCK', 5],
        ['ON_FOOT', 3],
        ['CAR', 2],
      ],
      feeUsd: 6000,
    },
    5,
  ],
  [
    {
      departure: 'IDN',
      transit: ['MYS'],
      destinations: [
        ['AUS', 8],
        ['MYS', 2],
      ],
      citizenships: [
        ['AFG', 2],
        ['LKA', 2],
        ['IRN', 1],
        ['MMR', 2],
      ],
      transport: [['VESSEL', 10]],
      feeUsd: 5000,
    },
    1,
  ],
  [
    {
      departure: 'SRB',
      transit: ['MKD', 'GRC'],
      destinations: [
        ['HUN', 3],
        ['AUT', 3],
        ['DEU', 4],
      ],
      citizenships: [
        ['AFG', 3],
        ['SYR', 3],
        ['PAK', 2],
        ['MAR', 1],
      ],
      transport: [
        ['TRUCK', 5],
        ['CAR', 3],
        ['ON_FOOT', 2],
      ],
      feeUsd: 3500,
    },
    3,
  ],
];

export interface SyntheticIncidentRow {
  country: string;
  incident_ref: string;
  incident_date: string;
  place: string;
  departure: string;
  transit: string[];
  destination: string;
  transport: string;
  method: string;
  fee_amount: number | null;
  fee_currency: string | null;
  fee_basis: string | null;
  smugglers_count: number;
  migrants_citizenship: string;
  migrants_men: number;
  migrants_women: number;
  migrants_boys: number;
  migrants_girls: number;
  deaths: number;
  handling: string;
}

/** Smuggling incidents detected by `country`: one row per citizenship group, grouped by incident reference. */
export function* incidents(country: string, seed: number, years: [number, number] = [2012, 2024]): Generator<SyntheticIncidentRow> {
  const rand = prng(seed);
  let n = 0;
  for (;;) {
    n++;
    const route = weighted(rand, SMUGGLING_ROUTES);
    const year = years[0] + Math.floor(rand() * (years[1] - years[0] + 1));
    const date = new Date(Date.UTC(year, 0, 1 + Math.floor(rand() * 365))).toISOString().slice(0, 10);
    const groups = 1 + Math.floor(rand() * 3);
    const transport = weighted(rand, route.transport);
    const fee = rand() < 0.6 ? Math.round(logNormal(rand, route.feeUsd, 0.5) / 50) * 50 : null;
    const citizens = new Set<string>();
    for (let g = 0; g < groups; g++) citizens.add(weighted(rand, route.citizenships));
    for (const citizenship of citizens) {
      const size = Math.max(1, Math.round(logNormal(rand, 8, 1)));
      const men = Math.round(size * 0.6);
      const women = Math.round(size * 0.2);
      const boys = Math.round(size * 0.12);
      yield {
        country,
        incident_ref: `${country}-${year}-${String(n).padStart(6, '0')}`,
        incident_date: date,
        place: `Checkpoint ${1 + Math.floor(rand() * 30)}`,
        departure: route.departure,
        transit: route.transit.filter((t) => t !== country && rand() < 0.6),
        destination: weighted(rand, route.destinations),
        transport,
        method:
          transport === 'VESSEL'
            ? 'SEA_CROSSING'
            : weighted(rand, [
                ['CONCEALED', 3],
                ['UNGUARDED_CROSSING', 3],
                ['FRAUDULENT_DOCS', 1],
              ] as const),
        fee_amount: fee,
        fee_currency: fee === null ? null : 'USD',
        fee_basis: fee === null ? null : 'PER_PERSON',
        smugglers_count: 1 + Math.floor(rand() * 3),
        migrants_citizenship: citizenship,
        migrants_men: men,
        migrants_women: women,
        migrants_boys: boys,
        migrants_girls: Math.max(0, size - men - women - boys),
        deaths: rand() < 0.03 ? 1 + Math.floor(rand() * 5) : 0,
        handling: weighted(rand, [
          ['H0', 1],
          ['H1', 4],
          ['H2', 2],
        ] as const),
      };
    }
  }
}

export const VRS_CSV_HEADER = [
  'Incident reference',
  'Date of detection',
  'Place of detection',
  'Country of departure',
  'Transit',
  'Intended destination',
  'Means of transport',
  'Method',
  'Fee paid',
  'Currency',
  'Fee basis',
  'Smugglers',
  'Citizenship',
  'Men',
  'Women',
  'Boys',
  'Girls',
  'Deaths',
  'Handling',
];

export function incidentCsvLine(r: SyntheticIncidentRow): string {
  return [
    r.incident_ref,
    r.incident_date,
    r.place,
    r.departure,
    r.transit.join(';'),
    r.destination,
    r.transport,
    r.method,
    r.fee_amount,
    r.fee_currency,
    r.fee_basis,
    r.smugglers_count,
    r.migrants_citizenship,
    r.migrants_men,
    r.migrants_women,
    r.migrants_boys,
    r.migrants_girls,
    r.deaths,
    r.handling,
  ]
    .map(csv)
    .join(',');
}
