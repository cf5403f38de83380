/**
 * The platform program. Reads and validates the stack's configuration before
 * registering anything, then builds the platform for its environment.
 * Everything else lives in config/, lib/ and components/.
 */
import * as pulumi from "@pulumi/pulumi";
import { ConfigError } from "./config/errors";
import { readPlatformConfig } from "./config/schema";
import { createPlatform } from "./components/platform";

/**
 * Pulumi's own record of which config keys hold secrets (`isConfigSecret`,
 * marked @internal in @pulumi/pulumi 3.276.0 runtime/config.js: it reads the
 * PULUMI_CONFIG_SECRET_KEYS the engine passes). Were it ever gone, every
 * value counts as secret: an error then shows none.
 */
const isConfigSecret = (pulumi.runtime as { isConfigSecret?: (key: string) => boolean })
  .isConfigSecret;

function loadConfig() {
  try {
    return readPlatformConfig(pulumi.runtime.allConfig(), {
      project: pulumi.getProject(),
      stack: pulumi.getStack(),
      isSecret: (key) => isConfigSecret?.(key) ?? true,
    });
  } catch (e) {
    // One line, no stack trace: the key, the value (unless secret) and what was expected.
    if (e instanceof ConfigError) throw new pulumi.RunError(e.message);
    throw e;
  }
}

const config = loadConfig();
const platform = createPlatform(config);

export const serviceUrl = platform.serviceUrl;
export const endpoints = platform.endpoints;
/** The VPC and subnets of a stack with its own network: previews (pr-<N>) read it through a StackReference. */
export const network = platform.network;
/** Staging's shared preview tier: the ALB listener, the PostgreSQL instance and the Redis group previews use. */
export const previewTier = platform.previewTier;
/** A preview's lifecycle facts, read back by `platform preview list` and `gc`. */
export const preview =
  config.target !== "aws" || config.pullRequest === undefined
    ? undefined
    : {
        pullRequest: config.pullRequest,
        expiresAt: config.expiresAt,
        instance: config.previewInstance,
        url: platform.serviceUrl,
      };
