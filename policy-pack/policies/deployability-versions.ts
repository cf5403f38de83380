/**
 * Deployability: runtimes, engine versions and task sizes the AWS API refuses. Mandatory by default: these
 * fail only when AWS is called, so `pulumi preview` alone never shows them.
 *
 * Dated facts come from policy-pack/data (each entry with its source and the
 * date it was read) and are compared with the evaluation date: today under
 * the engine, the pinned clock of `platform check` in tests.
 */
import { PolicyResource } from "@pulumi/policy";
import { ELASTICACHE_FAMILIES, FARGATE_SIZES, LAMBDA_RUNTIMES } from "../data";
import { evaluationDate, resourcePolicy, stackPolicy } from "../lib/define";
import { eachKnown, Pending } from "../lib/stack";
import { T } from "../lib/types";
import { asArray, isOneOf, show, someKnown, trimmed } from "../lib/values";
import { DEPLOYABILITY } from "../lib/deployability";

/**
 * Lambda refuses CreateFunction on a runtime from its "block function create"
 * date, and any update from "block function update"
 * (https://docs.aws.amazon.com/lambda/latest/dg/lambda-runtimes.html).
 */
export const lambdaRuntimeCreatable = resourcePolicy({
  ...DEPLOYABILITY,
  name: "lambda-runtime-creatable",
  description:
    "Lambda functions use a runtime AWS still lets you create functions with (policy-pack/data/lambda-runtimes.json).",
  resourceTypes: [T.lambdaFunction],
  remediation:
    "Move the function to a supported runtime (the platform uses nodejs24.x) before the runtime's block-create date.",
  validate: (args, report) => {
    const runtime = trimmed(args.props.runtime, "runtime");
    const dates = runtime ? LAMBDA_RUNTIMES[runtime] : undefined;
    if (!runtime || !dates) return;
    const today = evaluationDate(args);
    if (dates.blockCreate <= today) {
      const update =
        dates.blockUpdate <= today
          ? `updates are refused too since ${dates.blockUpdate}`
          : `updates are refused from ${dates.blockUpdate}`;
      report(
        `runtime ${runtime} is deprecated (${dates.deprecation}): AWS refuses new functions on it since ${dates.blockCreate} and ${update} (${dates.source}); move to a supported runtime`,
      );
    }
  },
});

/** A task's cpu/memory as Fargate reads them: units/MiB, or "1 vCPU"/"2 GB". */
function units(value: unknown, unitWord: RegExp, where: string): number | undefined {
  const s = typeof value === "number" ? String(value) : trimmed(value, where);
  if (!s) return undefined;
  const m = new RegExp(`^(\\d+(?:\\.\\d+)?)\\s*(${unitWord.source})?$`, "i").exec(s);
  if (!m) return undefined;
  const n = Number(m[1]);
  return m[2] ? Math.round(n * 1024) : n;
}

/**
 * Fargate accepts only listed cpu/memory pairs
 * (https://docs.aws.amazon.com/AmazonECS/latest/developerguide/fargate-tasks-services.html).
 */
export const fargateTaskSizeValid = resourcePolicy({
  ...DEPLOYABILITY,
  name: "fargate-task-size-valid",
  description:
    "Fargate task definitions ask for a cpu/memory pair Fargate offers (policy-pack/data/fargate-task-sizes.json).",
  resourceTypes: [T.ecsTaskDefinition],
  remediation:
    "Pick a task-level memory value listed for the cpu value (e.g. cpu 1024 with 2048–8192 MiB in 1024 steps).",
  validate: (args, report) => {
    const compat = asArray(args.props.requiresCompatibilities, "requiresCompatibilities");
    if (!someKnown(compat, (c) => isOneOf(c, ["FARGATE"], "requiresCompatibilities[]"))) return;
    const cpu = units(args.props.cpu, /vcpu/, "cpu");
    const memory = units(args.props.memory, /gb/, "memory");
    if (cpu === undefined || memory === undefined) {
      report(
        `cpu ${show(args.props.cpu)} and memory ${show(args.props.memory)} must both be set on a Fargate task definition`,
      );
      return;
    }
    const options = FARGATE_SIZES.get(cpu);
    if (!options) {
      report(
        `cpu ${cpu} is not a Fargate task size; use one of ${[...FARGATE_SIZES.keys()].join(", ")}`,
      );
    } else if (!options.includes(memory)) {
      report(
        `memory ${memory} MiB is not offered with cpu ${cpu} on Fargate; use one of ${options.join(", ")}`,
      );
    }
  },
});

/** The family of a default parameter group name ("default.redis7", "default.redis7.cluster.on"). */
function defaultFamily(name: string): string | undefined {
  const m = /^default\.([a-z]+[0-9]+(?:\.[0-9x]+)?)(?:\.cluster\.on)?$/.exec(name);
  return m?.[1];
}

/**
 * ElastiCache: the engine version must be one ElastiCache offers, and the
 * parameter group's family must be that version's family
 * (policy-pack/data/elasticache-engines.json).
 */
export const elasticacheEngineVersionValid = stackPolicy({
  ...DEPLOYABILITY,
  name: "elasticache-engine-version-valid",
  description:
    "ElastiCache replication groups use an engine version ElastiCache offers, with a parameter group of that version's family.",
  resourceTypes: [T.replicationGroup, T.elasticacheParameterGroup],
  remediation:
    "Use an engineVersion listed for the engine (redis 7.1, valkey 8.0, …) and a parameter group whose family matches it (redis7 for Redis 7.x).",
  validate: (args, report) => {
    const pending = new Pending();
    const groups = args.resources.filter((r) => r.type === T.elasticacheParameterGroup);
    const familyOf = (rg: PolicyResource, name: string): string | undefined => {
      const fromDefault = defaultFamily(name);
      if (fromDefault) return fromDefault;
      const deps = rg.propertyDependencies?.parameterGroupName ?? [];
      const group =
        groups.find((g) => deps.some((d) => d.urn === g.urn)) ??
        groups.find((g) => g.props.name === name);
      return group ? trimmed(group.props.family, "family") : undefined;
    };
    eachKnown(
      args.resources.filter((r) => r.type === T.replicationGroup),
      pending,
      (rg) => {
        const engine = trimmed(rg.props.engine, "engine") ?? "redis";
        const version = trimmed(rg.props.engineVersion, "engineVersion");
        const versions = ELASTICACHE_FAMILIES[engine];
        if (!versions) {
          report(
            `engine ${show(engine)} is not an ElastiCache engine; use one of ${Object.keys(ELASTICACHE_FAMILIES).join(", ")}`,
            rg.urn,
          );
          return;
        }
        if (!version) return;
        const family = versions[version];
        if (!family) {
          report(
            `engineVersion ${show(version)} is not a version ElastiCache offers for ${engine}; use one of ${Object.keys(versions).join(", ")}`,
            rg.urn,
          );
          return;
        }
        const groupName = trimmed(rg.props.parameterGroupName, "parameterGroupName");
        if (!groupName) return;
        const actual = familyOf(rg, groupName);
        if (actual !== undefined && actual !== family) {
          report(
            `parameter group ${show(groupName)} has family ${show(actual)}, but ${engine} ${version} needs family ${show(family)}: ElastiCache rejects the pair; use a ${family} parameter group`,
            rg.urn,
          );
        }
      },
    );
    pending.settle();
  },
});

export const deployabilityVersionPolicies = [
  lambdaRuntimeCreatable,
  fargateTaskSizeValid,
  elasticacheEngineVersionValid,
];
