/**
 * Every rule of the pack, in the order the analyzer runs them. index.ts
 * builds the PolicyPack from this array; tests and `platform check` import it
 * (never index.ts, whose `new PolicyPack` starts a gRPC server).
 */
import { PlatformPolicy } from "../lib/define";
import { auditPolicies } from "./audit";
import { containerPolicies } from "./containers";
import { dataProtectionPolicies } from "./data-protection";
import { deployabilityArchivePolicies } from "./deployability-archives";
import { deployabilityCertificatePolicies } from "./deployability-certificates";
import { deployabilityDockerPolicies } from "./deployability-docker";
import { deployabilityLifecyclePolicies } from "./deployability-lifecycle";
import { deployabilityMetricPolicies } from "./deployability-metrics";
import { deployabilityNamePolicies } from "./deployability-names";
import { deployabilityOrderPolicies } from "./deployability-order";
import { deployabilityRdsPolicies } from "./deployability-rds";
import { deployabilitySchedulePolicies } from "./deployability-schedules";
import { deployabilityVersionPolicies } from "./deployability-versions";
import { encryptionPolicies } from "./encryption";
import { exposurePolicies } from "./exposure";
import { previewIsolationPolicies } from "./preview-isolation";
import { tagPolicies } from "./tags";
import { tlsPolicies } from "./tls";
import { computePolicies } from "./compute";
import { databaseTlsPolicies } from "./database-tls";
import { dataStorePolicies } from "./data-stores";
import { iamPolicies } from "./iam";
import { loggingPolicies } from "./logging";
import { resourcePolicyPolicies } from "./resource-policies";
import { secretPolicies } from "./secrets";

export const allPolicies: PlatformPolicy[] = [
  ...encryptionPolicies,
  ...tlsPolicies,
  ...tagPolicies,
  ...exposurePolicies,
  ...previewIsolationPolicies,
  ...containerPolicies,
  ...dataProtectionPolicies,
  ...resourcePolicyPolicies,
  ...dataStorePolicies,
  ...databaseTlsPolicies,
  ...computePolicies,
  ...secretPolicies,
  ...iamPolicies,
  ...loggingPolicies,
  ...deployabilityRdsPolicies,
  ...deployabilityVersionPolicies,
  ...deployabilityMetricPolicies,
  ...deployabilityNamePolicies,
  ...deployabilityOrderPolicies,
  ...deployabilityCertificatePolicies,
  ...deployabilityArchivePolicies,
  ...deployabilityLifecyclePolicies,
  ...deployabilitySchedulePolicies,
  ...deployabilityDockerPolicies,
  ...auditPolicies,
];

export type { PlatformPolicy } from "../lib/define";
