/**
 * The collection definitions, code lists and history-import mappings shipped with Observatory,
 * as data (core/definitions/*.json). The `country` code list is not among them: the server
 * builds it at run time from the reporting units (ISO 3166-1 alpha-3 and the office's units).
 */
import type { HistoryMapping } from '../history/mapping.js';
import type { CodeList, Definition } from './model.js';
import type { RecordDefinition } from '../records/model.js';

import admin1List from '../../definitions/codelists/admin1.json' with { type: 'json' };
import adultJuvenileList from '../../definitions/codelists/adult_juvenile.json' with { type: 'json' };
import ageChildAdultList from '../../definitions/codelists/age_child_adult.json' with { type: 'json' };
import ageHomicideList from '../../definitions/codelists/age_homicide.json' with { type: 'json' };
import agePrevalenceList from '../../definitions/codelists/age_prevalence.json' with { type: 'json' };
import citizenshipStatusList from '../../definitions/codelists/citizenship_status.json' with { type: 'json' };
import cropList from '../../definitions/codelists/crop.json' with { type: 'json' };
import drugList from '../../definitions/codelists/drug.json' with { type: 'json' };
import eradicationMethodList from '../../definitions/codelists/eradication_method.json' with { type: 'json' };
import estimateList from '../../definitions/codelists/estimate.json' with { type: 'json' };
import exploitationList from '../../definitions/codelists/exploitation.json' with { type: 'json' };
import homicideMechanismList from '../../definitions/codelists/homicide_mechanism.json' with { type: 'json' };
import iccsCtsList from '../../definitions/codelists/iccs_cts.json' with { type: 'json' };
import perpetratorRelationshipList from '../../definitions/codelists/perpetrator_relationship.json' with { type: 'json' };
import priceLevelList from '../../definitions/codelists/price_level.json' with { type: 'json' };
import priceStatList from '../../definitions/codelists/price_stat.json' with { type: 'json' };
import prisonCrimeList from '../../definitions/codelists/prison_crime.json' with { type: 'json' };
import seizureUnitList from '../../definitions/codelists/seizure_unit.json' with { type: 'json' };
import sexList from '../../definitions/codelists/sex.json' with { type: 'json' };
import locationTypeList from '../../definitions/codelists/location_type.json' with { type: 'json' };
import transportModeList from '../../definitions/codelists/transport_mode.json' with { type: 'json' };
import quantityUnitList from '../../definitions/codelists/quantity_unit.json' with { type: 'json' };
import handlingCodeList from '../../definitions/codelists/handling_code.json' with { type: 'json' };
import sourceReliabilityList from '../../definitions/codelists/source_reliability.json' with { type: 'json' };
import npsChemicalGroupList from '../../definitions/codelists/nps_chemical_group.json' with { type: 'json' };
import npsEffectGroupList from '../../definitions/codelists/nps_effect_group.json' with { type: 'json' };
import npsMatrixList from '../../definitions/codelists/nps_matrix.json' with { type: 'json' };
import analyticalMethodList from '../../definitions/codelists/analytical_method.json' with { type: 'json' };
import smugglingMethodList from '../../definitions/codelists/smuggling_method.json' with { type: 'json' };
import feeBasisList from '../../definitions/codelists/fee_basis.json' with { type: 'json' };
import smugglerRoleList from '../../definitions/codelists/smuggler_role.json' with { type: 'json' };
import currencyList from '../../definitions/codelists/currency.json' with { type: 'json' };
import idsRecords from '../../definitions/records/ids.json' with { type: 'json' };
import vrsRecords from '../../definitions/records/vrs.json' with { type: 'json' };
import npsRecords from '../../definitions/records/nps.json' with { type: 'json' };
import arqDefinition from '../../definitions/arq.json' with { type: 'json' };
import ctsDefinition from '../../definitions/cts.json' with { type: 'json' };
import glotipDefinition from '../../definitions/glotip.json' with { type: 'json' };
import arqSeizures20122016Mapping from '../../definitions/history/arq_seizures_2012_2016.json' with { type: 'json' };
import arqSeizures20192023Mapping from '../../definitions/history/arq_seizures_2019_2023.json' with { type: 'json' };
import ctsCorruptionEconomicMapping from '../../definitions/history/cts_corruption_economic.json' with { type: 'json' };
import ctsPrisonsMapping from '../../definitions/history/cts_prisons.json' with { type: 'json' };
import ctsViolentSexualMapping from '../../definitions/history/cts_violent_sexual.json' with { type: 'json' };
import glotipVictimsMapping from '../../definitions/history/glotip_victims.json' with { type: 'json' };

/** Code lists of the shipped definitions (without `country`, which the server provides). */
export const SHIPPED_CODE_LISTS: CodeList[] = [
  admin1List,
  adultJuvenileList,
  ageChildAdultList,
  ageHomicideList,
  agePrevalenceList,
  citizenshipStatusList,
  cropList,
  drugList,
  eradicationMethodList,
  estimateList,
  exploitationList,
  homicideMechanismList,
  iccsCtsList,
  perpetratorRelationshipList,
  priceLevelList,
  priceStatList,
  prisonCrimeList,
  seizureUnitList,
  sexList,
  locationTypeList,
  transportModeList,
  quantityUnitList,
  handlingCodeList,
  sourceReliabilityList,
  npsChemicalGroupList,
  npsEffectGroupList,
  npsMatrixList,
  analyticalMethodList,
  smugglingMethodList,
  feeBasisList,
  smugglerRoleList,
  currencyList,
] as unknown as CodeList[];

/** Aggregate questionnaires: ARQ, UN-CTS and GLOTIP. */
export const SHIPPED_DEFINITIONS: Definition[] = [arqDefinition, ctsDefinition, glotipDefinition] as unknown as Definition[];

/** How the office's published files map into the shipped definitions. */
export const SHIPPED_HISTORY_MAPPINGS: HistoryMapping[] = [
  arqSeizures20122016Mapping,
  arqSeizures20192023Mapping,
  ctsCorruptionEconomicMapping,
  ctsPrisonsMapping,
  ctsViolentSexualMapping,
  glotipVictimsMapping,
] as unknown as HistoryMapping[];

/** Record collections: individual drug seizures, migrant smuggling incidents, NPS laboratory reports. */
export const SHIPPED_RECORD_DEFINITIONS: RecordDefinition[] = [idsRecords, vrsRecords, npsRecords] as unknown as RecordDefinition[];
