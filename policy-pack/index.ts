/**
 * The platform's CrossGuard policy pack. Run it with
 *   pulumi preview --policy-pack policy-pack --policy-pack-config policy-pack/config/<env>.json
 * The rules live in ./policies (see docs/policies.md); this file only serves them.
 */
import { PolicyPack } from "@pulumi/policy";
import { allPolicies } from "./policies";

new PolicyPack("platform-guardrails", {
  description:
    "Guard rails of the platform: encryption at rest and in transit, cost-allocation tags, network exposure, container hardening and data protection.",
  provider: "aws",
  tags: ["aws", "docker", "security", "tagging"],
  policies: allPolicies,
});
