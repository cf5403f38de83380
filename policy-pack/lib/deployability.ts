/**
 * What every deployability rule shares: its group, mandatory by default in
 * every environment (these fail only when AWS or Docker is called, so
 * `pulumi preview` alone never shows them), exemptable per resource.
 */
export const DEPLOYABILITY = {
  group: "deployability",
  enforcementLevel: "mandatory",
  exemptable: true,
} as const;
