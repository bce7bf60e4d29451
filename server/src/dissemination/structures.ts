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

/** Names used more than once below. */
const OBS_STATUS_NAMES: Names = {
  en: 'Observation status',
  fr: 'Statut de l’observation',
  es: 'Estado de la observación',
  ru: 'Статус наблюдения',
  ar: 'حالة المشاهدة',
  zh: '观测值状态',
};
const CONF_STATUS_NAMES: Names = {
  en: 'Confidentiality status',
  fr: 'Statut de confidentialité',
  es: 'Estado de confidencialidad',
  ru: 'Статус конфиденциальности',
  ar: 'حالة السرية',
  zh: '保密状态',
};
const UNIT_MEASURE_NAMES: Names = {
  en: 'Unit of measure',
  fr: 'Unité de mesure',
  es: 'Unidad de medida',
  ru: 'Единица измерения',
  ar: 'وحدة القياس',
  zh: '计量单位',
};
const PER_100K_NAMES: Names = {
  en: 'Per 100,000 population',
  fr: 'Pour 100 000 habitants',
  es: 'Por 100.000 habitantes',
  ru: 'На 100 000 человек населения',
  ar: 'لكل 000 100 نسمة',
  zh: '每10万人口',
};
const REF_AREA_NAMES: Names = {
  en: 'Reference area',
  fr: 'Zone de référence',
  es: 'Zona de referencia',
  ru: 'Базовая территория',
  ar: 'المنطقة المرجعية',
  zh: '参考地区',
};
const INDICATOR_NAMES: Names = { en: 'Indicator', fr: 'Indicateur', es: 'Indicador', ru: 'Показатель', ar: 'المؤشر', zh: '指标' };
const MEASURE_NAMES: Names = { en: 'Measure', fr: 'Mesure', es: 'Medida', ru: 'Показатель', ar: 'المقياس', zh: '度量' };
const AGE_NAMES: Names = { en: 'Age', fr: 'Âge', es: 'Edad', ru: 'Возраст', ar: 'العمر', zh: '年龄' };
const MECHANISM_NAMES: Names = { en: 'Mechanism', fr: 'Mécanisme', es: 'Mecanismo', ru: 'Способ', ar: 'الوسيلة', zh: '手段' };

const list = (id: string, names: Names, codes: Array<[string, Names]>): CodeList => ({
  id,
  version: 1,
  names,
  codes: codes.map(([code, n]) => ({ code, names: n })),
});

export const ATTRIBUTE_LISTS: CodeList[] = [
  list('obs_status', OBS_STATUS_NAMES, [
    ['A', { en: 'Normal value', fr: 'Valeur normale', es: 'Valor normal', ru: 'Обычное значение', ar: 'قيمة عادية', zh: '正常值' }],
    ['E', { en: 'Estimated value', fr: 'Valeur estimée', es: 'Valor estimado', ru: 'Оценочное значение', ar: 'قيمة مقدَّرة', zh: '估计值' }],
    [
      'P',
      {
        en: 'Provisional value',
        fr: 'Valeur provisoire',
        es: 'Valor provisional',
        ru: 'Предварительное значение',
        ar: 'قيمة مؤقتة',
        zh: '临时值',
      },
    ],
  ]),
  list('conf_status', CONF_STATUS_NAMES, [
    ['F', { en: 'Free', fr: 'Libre', es: 'Libre', ru: 'Без ограничений', ar: 'متاح بلا قيود', zh: '公开' }],
    [
      'C',
      {
        en: 'Confidential: not for publication (small count)',
        fr: 'Confidentiel (petit effectif)',
        es: 'Confidencial (recuento pequeño)',
        ru: 'Конфиденциально: не для публикации (малое число)',
        ar: 'سري: ليس للنشر (عدد صغير)',
        zh: '保密：不予公布（数量过小）',
      },
    ],
  ]),
  list('unit_measure', UNIT_MEASURE_NAMES, [
    ['count', { en: 'Count', fr: 'Nombre', es: 'Número', ru: 'Число', ar: 'العدد', zh: '数量' }],
    ['kg', { en: 'Kilograms', fr: 'Kilogrammes', es: 'Kilogramos', ru: 'Килограммы', ar: 'كيلوغرامات', zh: '千克' }],
    ['ha', { en: 'Hectares', fr: 'Hectares', es: 'Hectáreas', ru: 'Гектары', ar: 'هكتارات', zh: '公顷' }],
    ['percent', { en: 'Percent', fr: 'Pourcentage', es: 'Porcentaje', ru: 'Процент', ar: 'نسبة مئوية', zh: '百分比' }],
    ['per_100k', PER_100K_NAMES],
    [
      'usd_per_gram',
      {
        en: 'US dollars per gram',
        fr: 'Dollars des É.-U. par gramme',
        es: 'Dólares EE.UU. por gramo',
        ru: 'Долл. США за грамм',
        ar: 'دولارات الولايات المتحدة للغرام',
        zh: '每克美元',
      },
    ],
    [
      'usd',
      { en: 'US dollars', fr: 'Dollars des É.-U.', es: 'Dólares EE.UU.', ru: 'Долл. США', ar: 'دولارات الولايات المتحدة', zh: '美元' },
    ],
    ['rate_per_100k', PER_100K_NAMES],
  ]),
];

const A = (id: string, names: Names, attachment: AttributeConcept['attachment'], codeList?: string): AttributeConcept => ({
  id,
  names,
  attachment,
  ...(codeList ? { codeList } : {}),
});
const OBS_STATUS = A('OBS_STATUS', OBS_STATUS_NAMES, 'observation', 'obs_status');
const CONF_STATUS = A('CONF_STATUS', CONF_STATUS_NAMES, 'observation', 'conf_status');
const UNIT_MEASURE = A('UNIT_MEASURE', UNIT_MEASURE_NAMES, 'series', 'unit_measure');
const COVERAGE = A(
  'COVERAGE',
  {
    en: 'Coverage of an aggregate (units reporting / units in the area; share of population)',
    fr: 'Couverture de l’agrégat',
    es: 'Cobertura del agregado',
    ru: 'Охват агрегированного показателя (отчитавшиеся единицы / единицы в районе; доля населения)',
    ar: 'تغطية القيمة المجمّعة (الوحدات المبلِّغة / الوحدات في المنطقة؛ نسبة السكان)',
    zh: '汇总数覆盖范围（报告单位/该地区单位；人口占比）',
  },
  'observation',
);
const SOURCE = A('SOURCE', { en: 'Source', fr: 'Source', es: 'Fuente', ru: 'Источник', ar: 'المصدر', zh: '来源' }, 'dataset');
const MEASURE: Concept = {
  id: 'OBS_VALUE',
  names: {
    en: 'Observation value',
    fr: 'Valeur de l’observation',
    es: 'Valor de la observación',
    ru: 'Значение наблюдения',
    ar: 'قيمة المشاهدة',
    zh: '观测值',
  },
};
const REF_AREA: Concept = {
  id: 'REF_AREA',
  names: REF_AREA_NAMES,
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
    names: REF_AREA_NAMES,
    codes: areas.all().map((a) => ({ code: a.code, names: a.names })),
  };
}

export const dimensionId = (id: string) => id.toUpperCase();

/** "Indicators of <title>" in each language the definition's title has. */
const INDICATORS_OF: Record<keyof Names, (title: string) => string> = {
  en: (t) => `Indicators of ${t}`,
  fr: (t) => `Indicateurs : ${t}`,
  es: (t) => `Indicadores: ${t}`,
  ru: (t) => `Показатели: ${t}`,
  ar: (t) => `مؤشرات: ${t}`,
  zh: (t) => `指标：${t}`,
};

function indicatorsOf(title: Names): Names {
  const names: Names = { en: INDICATORS_OF.en(title.en) };
  for (const lang of ['fr', 'es', 'ru', 'ar', 'zh'] as const) {
    const t = title[lang];
    if (t) names[lang] = INDICATORS_OF[lang](t);
  }
  return names;
}

/** The dataflow of a questionnaire: its items as INDICATOR, its dimensions (with _Z where an item lacks one). */
export function definitionFlow(def: Definition): { flow: Dataflow; lists: CodeList[] } {
  const indicator: CodeList = {
    id: `${def.id}_indicator`,
    version: def.version,
    names: indicatorsOf(def.title),
    codes: def.items.filter((i) => ['number', 'integer', 'percentage'].includes(i.type)).map((i) => ({ code: i.id, names: i.label })),
  };
  const dims: Concept[] = [
    {
      id: 'INDICATOR',
      names: INDICATOR_NAMES,
      codeList: indicator.id,
    },
    ...def.dimensions.map((d) => ({ id: dimensionId(d.id), names: d.label, codeList: `${d.codeList}_sdmx` })),
  ];
  return { flow: flowOf(def.id.toUpperCase(), def.title, dims), lists: [indicator] };
}

const MEASURES = (id: string, codes: Array<[string, Names]>) => list(id, MEASURE_NAMES, codes);
const dim = (id: string, names: Names, codeList: string): Concept => ({ id, names, codeList });

export const RECORD_LISTS: CodeList[] = [
  MEASURES('ids_measure', [
    [
      'KG',
      {
        en: 'Quantity seized, kilograms (counts converted through stated factors)',
        fr: 'Quantité saisie, kilogrammes',
        es: 'Cantidad incautada, kilogramos',
        ru: 'Изъятое количество, кг (штучные единицы пересчитаны по указанным коэффициентам)',
        ar: 'الكمية المضبوطة بالكيلوغرام (الأعداد محوَّلة بالمعاملات المذكورة)',
        zh: '缉获量，千克（计数单位按所述系数换算）',
      },
    ],
    [
      'CASES',
      { en: 'Seizure cases', fr: 'Cas de saisie', es: 'Casos de incautación', ru: 'Случаи изъятия', ar: 'حالات الضبط', zh: '缉获案件' },
    ],
  ]),
  MEASURES('vrs_measure', [
    [
      'INCIDENTS',
      {
        en: 'Smuggling incidents',
        fr: 'Incidents de trafic',
        es: 'Incidentes de tráfico',
        ru: 'Инциденты незаконного ввоза',
        ar: 'حوادث التهريب',
        zh: '偷运事件',
      },
    ],
    [
      'MIGRANTS',
      {
        en: 'Smuggled migrants',
        fr: 'Migrants objet d’un trafic',
        es: 'Migrantes objeto de tráfico',
        ru: 'Незаконно ввезенные мигранты',
        ar: 'المهاجرون المهرَّبون',
        zh: '被偷运移民',
      },
    ],
    ['DEATHS', { en: 'Deaths', fr: 'Décès', es: 'Muertes', ru: 'Погибшие', ar: 'الوفيات', zh: '死亡人数' }],
  ]),
  MEASURES('nps_measure', [
    [
      'REPORTS',
      {
        en: 'Laboratory reports',
        fr: 'Rapports de laboratoire',
        es: 'Informes de laboratorio',
        ru: 'Лабораторные отчеты',
        ar: 'تقارير المختبرات',
        zh: '实验室报告',
      },
    ],
  ]),
  list('estimate_indicator', { en: 'Estimate', fr: 'Estimation', es: 'Estimación', ru: 'Оценка', ar: 'التقدير', zh: '估计数' }, [
    [
      'homicide_victims',
      {
        en: 'Victims of intentional homicide (estimate)',
        fr: 'Victimes d’homicide volontaire (estimation)',
        es: 'Víctimas de homicidio intencional (estimación)',
        ru: 'Жертвы умышленных убийств (оценка)',
        ar: 'ضحايا القتل العمد (تقدير)',
        zh: '故意杀人受害人（估计数）',
      },
    ],
    [
      'homicide_rate',
      {
        en: 'Intentional homicide rate per 100,000 (estimate)',
        fr: 'Taux d’homicide volontaire pour 100 000 (estimation)',
        es: 'Tasa de homicidio intencional por 100.000 (estimación)',
        ru: 'Уровень умышленных убийств на 100 000 человек (оценка)',
        ar: 'معدل القتل العمد لكل 000 100 نسمة (تقدير)',
        zh: '每10万人口故意杀人率（估计数）',
      },
    ],
  ]),
  list('estimate_age', AGE_NAMES, [
    ['Y0T14', { en: '0-14 years', fr: '0 à 14 ans', es: '0 a 14 años', ru: '0–14 лет', ar: 'من 0 إلى 14 سنة', zh: '0至14岁' }],
    ['Y15T29', { en: '15-29 years', fr: '15 à 29 ans', es: '15 a 29 años', ru: '15–29 лет', ar: 'من 15 إلى 29 سنة', zh: '15至29岁' }],
    ['Y30T44', { en: '30-44 years', fr: '30 à 44 ans', es: '30 a 44 años', ru: '30–44 лет', ar: 'من 30 إلى 44 سنة', zh: '30至44岁' }],
    ['Y45T59', { en: '45-59 years', fr: '45 à 59 ans', es: '45 a 59 años', ru: '45–59 лет', ar: 'من 45 إلى 59 سنة', zh: '45至59岁' }],
    [
      'Y_GE60',
      { en: '60 years or over', fr: '60 ans ou plus', es: '60 años o más', ru: '60 лет и старше', ar: '60 سنة فأكثر', zh: '60岁及以上' },
    ],
  ]),
  list('estimate_mechanism', MECHANISM_NAMES, [
    ['FIREARM', { en: 'Firearm', fr: 'Arme à feu', es: 'Arma de fuego', ru: 'Огнестрельное оружие', ar: 'سلاح ناري', zh: '枪支' }],
    ['SHARP', { en: 'Sharp object', fr: 'Objet tranchant', es: 'Objeto cortante', ru: 'Острый предмет', ar: 'أداة حادة', zh: '锐器' }],
    [
      'OTHER',
      { en: 'Other mechanism', fr: 'Autre mécanisme', es: 'Otro mecanismo', ru: 'Другой способ', ar: 'وسيلة أخرى', zh: '其他手段' },
    ],
    [
      'UNKNOWN',
      {
        en: 'Unknown mechanism',
        fr: 'Mécanisme inconnu',
        es: 'Mecanismo desconocido',
        ru: 'Способ неизвестен',
        ar: 'الوسيلة غير معروفة',
        zh: '手段不详',
      },
    ],
  ]),
];

const MEASURE_DIM = (codeList: string) => dim('MEASURE', MEASURE_NAMES, codeList);
const DRUG = dim('DRUG', { en: 'Drug', fr: 'Drogue', es: 'Droga', ru: 'Наркотик', ar: 'المخدر', zh: '毒品' }, 'drug_sdmx');

export const RECORD_FLOWS: Record<string, Dataflow> = {
  IDS_SEIZURES: flowOf(
    'IDS_SEIZURES',
    {
      en: 'Drug seizures (individual seizure records, aggregated)',
      fr: 'Saisies de drogues (cas individuels, agrégés)',
      es: 'Incautaciones de drogas (casos individuales, agregados)',
      ru: 'Изъятия наркотиков (отдельные случаи изъятия, в агрегированном виде)',
      ar: 'ضبطيات المخدرات (سجلات الضبطيات الفردية، مجمّعة)',
      zh: '毒品缉获（个案缉获记录汇总）',
    },
    [
      DRUG,
      dim(
        'TRANSPORT',
        {
          en: 'Mode of transport',
          fr: 'Mode de transport',
          es: 'Modo de transporte',
          ru: 'Вид транспорта',
          ar: 'وسيلة النقل',
          zh: '运输方式',
        },
        'transport_mode_sdmx',
      ),
      MEASURE_DIM('ids_measure'),
    ],
  ),
  IDS_FLOWS: flowOf(
    'IDS_FLOWS',
    {
      en: 'Drug trafficking flows from seizures (origin to destination)',
      fr: 'Flux de trafic de drogues (origine vers destination)',
      es: 'Flujos de tráfico de drogas (origen a destino)',
      ru: 'Потоки незаконного оборота наркотиков по данным об изъятиях (из страны происхождения в страну назначения)',
      ar: 'تدفقات الاتجار بالمخدرات استناداً إلى الضبطيات (من المنشأ إلى المقصد)',
      zh: '根据缉获情况得出的毒品贩运流向（从来源地到目的地）',
    },
    [
      dim(
        'ORIGIN',
        { en: 'Country of origin', fr: 'Pays d’origine', es: 'País de origen', ru: 'Страна происхождения', ar: 'بلد المنشأ', zh: '来源国' },
        'country_sdmx',
      ),
      dim(
        'DESTINATION',
        {
          en: 'Country of destination',
          fr: 'Pays de destination',
          es: 'País de destino',
          ru: 'Страна назначения',
          ar: 'بلد المقصد',
          zh: '目的地国',
        },
        'country_sdmx',
      ),
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
      ru: 'Инциденты незаконного ввоза мигрантов (VRS-MSRC, в агрегированном виде)',
      ar: 'حوادث تهريب المهاجرين (VRS-MSRC، مجمّعة)',
      zh: '偷运移民事件（VRS-MSRC，汇总）',
    },
    [
      dim(
        'DEPARTURE',
        {
          en: 'Country of departure',
          fr: 'Pays de départ',
          es: 'País de salida',
          ru: 'Страна отправления',
          ar: 'بلد المغادرة',
          zh: '出发国',
        },
        'country_sdmx',
      ),
      dim(
        'DESTINATION',
        {
          en: 'Intended destination',
          fr: 'Destination prévue',
          es: 'Destino previsto',
          ru: 'Предполагаемая страна назначения',
          ar: 'الوجهة المقصودة',
          zh: '预定目的地',
        },
        'country_sdmx',
      ),
      MEASURE_DIM('vrs_measure'),
    ],
  ),
  NPS_REPORTS: flowOf(
    'NPS_REPORTS',
    {
      en: 'New psychoactive substances identified by laboratories',
      fr: 'Nouvelles substances psychoactives identifiées',
      es: 'Nuevas sustancias psicoactivas identificadas',
      ru: 'Новые психоактивные вещества, идентифицированные лабораториями',
      ar: 'المؤثرات النفسانية الجديدة التي حددت المختبرات هويتها',
      zh: '实验室鉴定出的新精神活性物质',
    },
    [
      dim(
        'CHEMICAL_GROUP',
        {
          en: 'Chemical group',
          fr: 'Groupe chimique',
          es: 'Grupo químico',
          ru: 'Химическая группа',
          ar: 'المجموعة الكيميائية',
          zh: '化学类别',
        },
        'nps_chemical_group_sdmx',
      ),
      dim('MATRIX', { en: 'Matrix', fr: 'Matrice', es: 'Matriz', ru: 'Матрица', ar: 'المصفوفة', zh: '基质' }, 'nps_matrix_sdmx'),
      dim(
        'SEX',
        {
          en: 'Sex (toxicology)',
          fr: 'Sexe (toxicologie)',
          es: 'Sexo (toxicología)',
          ru: 'Пол (токсикология)',
          ar: 'الجنس (علم السموم)',
          zh: '性别（毒理学）',
        },
        'sex_sdmx',
      ),
      dim(
        'AGE',
        {
          en: 'Age group (toxicology)',
          fr: 'Groupe d’âge (toxicologie)',
          es: 'Grupo de edad (toxicología)',
          ru: 'Возрастная группа (токсикология)',
          ar: 'الفئة العمرية (علم السموم)',
          zh: '年龄组（毒理学）',
        },
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
      ru: 'Умышленные убийства: оценки Управления',
      ar: 'القتل العمد: تقديرات المكتب',
      zh: '故意杀人：本办公室估计数',
    },
    [
      dim('INDICATOR', INDICATOR_NAMES, 'estimate_indicator'),
      dim('SEX', { en: 'Sex', fr: 'Sexe', es: 'Sexo', ru: 'Пол', ar: 'الجنس', zh: '性别' }, 'sex_sdmx'),
      dim('AGE', AGE_NAMES, 'estimate_age_sdmx'),
      dim('MECHANISM', MECHANISM_NAMES, 'estimate_mechanism_sdmx'),
    ],
    [
      UNIT_MEASURE,
      OBS_STATUS,
      CONF_STATUS,
      A(
        'LOWER_BOUND',
        { en: 'Lower bound', fr: 'Borne inférieure', es: 'Límite inferior', ru: 'Нижняя граница', ar: 'الحد الأدنى', zh: '下限' },
        'observation',
      ),
      A(
        'UPPER_BOUND',
        { en: 'Upper bound', fr: 'Borne supérieure', es: 'Límite superior', ru: 'Верхняя граница', ar: 'الحد الأعلى', zh: '上限' },
        'observation',
      ),
      A('METHOD', { en: 'Method', fr: 'Méthode', es: 'Método', ru: 'Метод', ar: 'الطريقة', zh: '方法' }, 'observation'),
      SOURCE,
    ],
  ),
};
