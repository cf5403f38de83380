/**
 * Subnet plan for a /16 VPC: /20 blocks, public in 0–3, private in 4–7,
 * isolated in 8–11 (room for a fourth AZ without renumbering).
 */
export interface SubnetPlan {
  readonly public: readonly string[];
  readonly private: readonly string[];
  readonly isolated: readonly string[];
}

export function subnetPlan(vpcCidr: string, azCount: number): SubnetPlan {
  const m = /^(\d{1,3})\.(\d{1,3})\.0\.0\/16$/.exec(vpcCidr);
  if (!m || Number(m[1]) > 255 || Number(m[2]) > 255) {
    throw new Error(
      `subnetPlan: expected a /16 such as 10.20.0.0/16, got ${JSON.stringify(vpcCidr)}`,
    );
  }
  if (!Number.isInteger(azCount) || azCount < 1 || azCount > 4) {
    throw new Error(`subnetPlan: azCount must be 1 to 4, got ${azCount}`);
  }
  const block = (i: number) => `${m[1]}.${m[2]}.${i * 16}.0/20`;
  const tier = (offset: number) => Array.from({ length: azCount }, (_, i) => block(offset + i));
  return { public: tier(0), private: tier(4), isolated: tier(8) };
}
