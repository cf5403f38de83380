/**
 * What every step of the AWS wiring shares: the validated configuration, the
 * naming context, the required tags, and the wiring (names, explicit
 * providers, links) of components/wiring.ts.
 */
import * as aws from "./sdk";
import type * as pulumi from "@pulumi/pulumi";
import * as random from "@pulumi/random";
import type { AwsConfig } from "../../config/platformConfig";
import { NameContext } from "../../lib/naming";
import { awsTags } from "../../lib/tags";
import type { AwsOutputs, ComponentKind } from "../contracts";
import { Wiring, wiring } from "../wiring";

/** A built component of `kind`: its contract outputs, and a resource others depend on or parent to. */
export type BuiltAws<K extends ComponentKind> = AwsOutputs[K] & pulumi.Resource;

export interface AwsPlatformContext {
  /** The validated configuration of the stack. */
  readonly cfg: AwsConfig;
  /** The naming context of every physical name. */
  readonly naming: NameContext;
  /** The required tags: the provider's defaultTags, reused by the backup copy provider. */
  readonly tags: Record<string, string>;
  /** Names, options (the explicit providers, links as `dependsOn`) and built components. */
  readonly wiring: Wiring;
}

/** The naming context of a stack: project, environment, and a preview's number and incarnation. */
export function namingOf(cfg: AwsConfig): NameContext {
  return {
    project: cfg.project,
    environment: cfg.environment,
    pullRequest: cfg.pullRequest,
    instance: cfg.previewInstance,
  };
}

/**
 * Creates the context: one explicit AWS provider whose defaultTags carry the
 * required tags, and one random provider; every component is built with both.
 */
export function awsPlatformContext(cfg: AwsConfig): AwsPlatformContext {
  const tags = awsTags({
    environment: cfg.environment,
    project: cfg.project,
    owner: cfg.owner,
    costCenter: cfg.costCenter,
    stack: cfg.stack,
    pullRequest: cfg.pullRequest,
    expiresAt: cfg.expiresAt,
  });
  const awsProvider = new aws.Provider("aws", {
    region: cfg.region,
    defaultTags: { tags },
  });
  const randomProvider = new random.Provider("random", {});
  return {
    cfg,
    naming: namingOf(cfg),
    tags,
    wiring: wiring(cfg.project, [awsProvider, randomProvider]),
  };
}
