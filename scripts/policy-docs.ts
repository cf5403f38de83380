/**
 * Generates docs/policies.md from the policies' own metadata (name,
 * description, level, resource types, remediation, exemptable?, config).
 *
 *   npx tsx scripts/policy-docs.ts           writes docs/policies.md
 *   npx tsx scripts/policy-docs.ts --check   exits 1 when docs/policies.md is out of date
 */
import * as path from "node:path";
import { DATA_FILES, DataFile } from "../policy-pack/data";
import { PlatformPolicy, POLICY_GROUPS, PolicyGroup } from "../policy-pack/lib/define";
import { describeLevels } from "../policy-pack/lib/levels";
import { allPolicies } from "../policy-pack/policies";
import { currentText, REPO_ROOT, writeOrCheck } from "./generated";

export const DOCS_PATH = path.join(REPO_ROOT, "docs", "policies.md");

function code(s: string): string {
  return `\`${s}\``;
}

function level(p: PlatformPolicy): string {
  const elsewhere = describeLevels(p);
  return elsewhere === "" ? p.enforcementLevel : `${p.enforcementLevel}; ${elsewhere}`;
}

function configLines(p: PlatformPolicy): string[] {
  const lines: string[] = [];
  for (const [key, schema] of Object.entries(p.configSchema.properties)) {
    if (
      key === "environment" ||
      key === "exemptions" ||
      key === "maxExemptionDays" ||
      typeof schema !== "object"
    )
      continue;
    const def =
      schema.default === undefined ? "" : ` (default ${code(JSON.stringify(schema.default))})`;
    lines.push(`  - ${code(key)}${def}: ${schema.description ?? ""}`.trimEnd());
  }
  return lines;
}

/** The pack's data files, their sources and dates, and how to refresh them. */
function dataSection(files: readonly DataFile[]): string[] {
  return [
    "",
    "## Data of the pack",
    "",
    "The deployability rules compare the program's inputs with facts about AWS (and, for the dev stack,",
    "measured facts about its containers) kept in versioned JSON files in `policy-pack/data/`, and the",
    "encryption rules read the list of AWS data stores from `data-stores.json` there. Every entry",
    "names the page it was read from (or the script that measured it) and the date; rules",
    "with dates (engine versions, runtimes) compare them with the evaluation date: today under",
    "`pulumi preview --policy-pack`, the clock of `platform check` (pinned in tests). `lib/fargate.ts`",
    "(config validation) and `lib/naming.ts` (physical names) read the same files, so the program and",
    "the pack never disagree.",
    "",
    "| File | Version | Read | What | Sources |",
    "| --- | --- | --- | --- | --- |",
    ...files.map(
      (f) =>
        `| ${code(f.file)} | ${f.version} | ${f.readAt} | ${[f.description, f.note ?? ""].join(" ").trim().replace(/\|/g, "\\|")} | ${f.sources.map((u) => (/^https?:/.test(u) ? `<${u}>` : `measured by ${code(u)}`)).join("<br>")} |`,
    ),
    "",
    "### Refreshing the data",
    "",
    "Do this when AWS announces a deprecation (AWS Health e-mails, the pages below), when a rule",
    "names a value the table does not know, and at least every quarter:",
    "",
    "1. RDS engine versions: read the RDS for PostgreSQL release calendar",
    "   (<https://docs.aws.amazon.com/AmazonRDS/latest/PostgreSQLReleaseNotes/postgresql-release-calendar.html>)",
    "   and the AWS Health notices; with credentials, `aws rds describe-db-engine-versions --engine postgres",
    "   --query 'DBEngineVersions[].EngineVersion'` lists what can be created today. Add a block per notice",
    "   (`versions`, `noCreateFrom`, `endOfStandardSupport`, `source`, `sourceRead`).",
    "2. Lambda runtimes: copy the dates of <https://docs.aws.amazon.com/lambda/latest/dg/lambda-runtimes.html>",
    "   (deprecation, block function create, block function update) for each runtime the platform uses.",
    "3. ElastiCache: `aws elasticache describe-cache-engine-versions --engine redis` (and `valkey`) gives each",
    "   version with its `CacheParameterGroupFamily`.",
    "4. Fargate sizes: the task CPU and memory table of",
    "   <https://docs.aws.amazon.com/AmazonECS/latest/developerguide/fargate-tasks-services.html>.",
    '5. CloudWatch dimensions: each namespace\'s "metrics and dimensions" page (named in the file); in an',
    "   account running the stack, `aws cloudwatch list-metrics --namespace <ns> --metric-name <m>` lists",
    "   exactly the dimension sets published.",
    "6. Name limits: the API reference of each create call (named per kind in the file).",
    "7. Process footprints: `npx tsx scripts/measure-footprints.ts` on the Node.js version the dev image",
    "   pins (`platform:devNodeImage`); record the rounded-up figures and the version in `measuredWith`.",
    "",
    "Then bump the file's `version`, set `readAt` (and each changed entry's `sourceRead`) to the day you read",
    "it, run `npm run policy:docs` and the unit suite (`bash scripts/test.sh unit`).",
  ];
}

export function renderPolicyDocs(policies: readonly PlatformPolicy[] = allPolicies): string {
  const out: string[] = [
    "# Policies of the platform-guardrails pack",
    "",
    "<!-- Generated by `npx tsx scripts/policy-docs.ts` from policy-pack/policies; do not edit by hand. -->",
    "",
    "The CrossGuard pack in `policy-pack/` guards every stack. Run it for real with",
    "`pulumi preview --policy-pack policy-pack --policy-pack-config policy-pack/config/<env>.json`,",
    "or offline with `npx platform check --stack <stack>` (or `--resources FILE`).",
    "",
    "- **Levels.** A mandatory violation blocks `pulumi preview`/`up` and makes `platform check` exit 1;",
    "  an advisory one is reported only; a disabled rule does not run. A stack runs each rule at the level",
    "  its policy config sets: `policy-pack/config/<env>.json`, generated from the rules by",
    "  `npm run policy:config` (the Level column: the rule's own level, then where it differs, e.g. the",
    "  data-protection and IAM-breadth rules are advisory in dev and staging and disabled in previews).",
    "  Without a config file every rule runs at its own level.",
    "- **Deployability.** These rules catch what `pulumi preview` alone cannot: preview asks the provider",
    "  to check inputs against its schema, but engine versions AWS no longer creates, storage bounds, metric",
    "  dimensions, certificate coverage, creation order and missing code packages fail (or deploy broken)",
    "  only when the AWS API is called. Mandatory in every environment; their AWS facts are dated data",
    "  files (see [Data of the pack](#data-of-the-pack)).",
    "- **Unknown values.** A value unknown during preview is never guessed: the rule is reported as",
    '  advisory "cannot be checked during preview" for that resource, as the Pulumi SDK does. Offline',
    '  (`platform check`), a secret is `"[secret]"`: a rule that needs its content reports an advisory',
    '  "cannot be checked offline" instead of a verdict; under the engine it sees the real value.',
    "- **Exemptions** live only in the policy config, per rule and resource, with a reason and an expiry",
    "  date (in force through that day, UTC):",
    "",
    "  ```json",
    '  { "security-group-no-public-ingress": { "exemptions": [',
    '      { "resource": "platform-legacy-sg", "reason": "partner VPN until SEC-123 lands", "expires": "2025-12-31" } ] } }',
    "  ```",
    "",
    "  `resource` is the resource's URN or logical name. An expired or malformed exemption is itself a",
    "  violation, and encryption-at-rest rules cannot be exempted at all. `platform check` lists every",
    '  exemption in force. An exemption for a wildcard resource (`"*"`) or expiring more than',
    "  `maxExemptionDays` (every rule's config, default 365) ahead is refused.",
    '- **Weakening a rule** (`"all"` or a rule\'s own entry set to `advisory` or `disabled`) is listed by',
    "  `platform check`; weakening an encryption-at-rest rule fails it unless `--allow-weakened` is given.",
    "  A policy name the pack does not have is an error.",
    "",
    "## Summary",
    "",
    "| Policy | Group | Level | Checks | Exemptable |",
    "| --- | --- | --- | --- | --- |",
    ...policies.map(
      (p) =>
        `| [${p.name}](#${p.name}) | ${POLICY_GROUPS[p.group]} | ${level(p)} | ${p.kind === "stack" ? "the whole stack" : "each resource"} | ${p.exemptable ? "yes" : "no"} |`,
    ),
  ];
  for (const group of Object.keys(POLICY_GROUPS) as PolicyGroup[]) {
    const inGroup = policies.filter((p) => p.group === group);
    if (inGroup.length === 0) continue;
    out.push("", `## ${POLICY_GROUPS[group]}`);
    for (const p of inGroup) {
      const config = configLines(p);
      out.push(
        "",
        `### ${p.name}`,
        "",
        p.description,
        "",
        `- **Level:** ${level(p)}`,
        `- **Checks:** ${p.kind === "stack" ? "the whole stack (correlates resources)" : "each resource"}`,
        `- **Resource types:** ${p.resourceTypes.map((t) => (t.includes(":") && !t.includes(" ") ? code(t) : t)).join(", ")}`,
        `- **Exemptable:** ${p.exemptable ? "yes" : "no"}`,
        ...(config.length > 0 ? ["- **Config:**", ...config] : []),
        `- **Remediation:** ${p.remediationSteps}`,
      );
    }
  }
  if (policies.some((p) => p.group === "deployability")) out.push(...dataSection(DATA_FILES));
  return out.join("\n") + "\n";
}

function main(argv: string[]): number {
  return writeOrCheck(
    [{ file: DOCS_PATH, current: currentText(DOCS_PATH), expected: renderPolicyDocs() }],
    { check: argv.includes("--check"), command: "policy:docs" },
  );
}

if (require.main === module) {
  process.exitCode = main(process.argv.slice(2));
}
