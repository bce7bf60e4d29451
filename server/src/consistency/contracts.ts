/** The HTTP contracts of this feature live in core (core/src/api/consistency.ts), shared with the web app. */
export {
  CONSISTENCY_CHECKS,
  ConsistencyRunView,
  FINDING_SEVERITIES,
  FINDING_STATES,
  FindingList,
  FindingParams,
  FindingView,
  UpdateFindingBody,
  type ConsistencyCheckId,
  type FindingSeverity,
  type FindingState,
} from '@observatory/core';
