/**
 * Builds the platform for a validated configuration: the AWS implementation
 * for staging, prod and previews, the Docker implementation for dev.
 */
import type { PlatformConfig } from "../config/schema";
import { createAwsPlatform } from "./aws/platform";
import { createDockerPlatform } from "./docker/platform";
import type { PlatformOutputs } from "./outputs";

export function createPlatform(cfg: PlatformConfig): PlatformOutputs {
  if (cfg.target === "aws") return createAwsPlatform(cfg);
  return createDockerPlatform(cfg);
}
