/**
 * Builds the platform for a validated configuration: the AWS implementation
 * for staging, prod and previews, the Docker implementation for dev.
 */
import * as pulumi from "@pulumi/pulumi";
import type { PlatformConfig } from "../config/schema";
import { createAwsPlatform } from "./aws/platform";
import type { PlatformOutputs } from "./outputs";

export function createPlatform(cfg: PlatformConfig): PlatformOutputs {
  if (cfg.target === "aws") return createAwsPlatform(cfg);
  throw new pulumi.RunError(
    `platform:environment ${cfg.environment} runs in Docker, and the Docker implementation is not built yet: use staging or prod for now`,
  );
}
