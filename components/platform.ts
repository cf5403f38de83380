/**
 * Builds the platform for a validated configuration: the AWS implementation
 * for staging, prod and previews, the Docker implementation for dev.
 *
 * Each half is loaded only when its target is built, so a Docker stack never
 * loads the AWS provider's SDK (nor an AWS stack Docker's): loading a
 * provider's modules is a large share of every run of the program.
 */
import type { PlatformConfig } from "../config/schema";
import type * as AwsPlatform from "./aws/platform";
import type * as DockerPlatform from "./docker/platform";
import type { PlatformOutputs } from "./outputs";

export function createPlatform(cfg: PlatformConfig): PlatformOutputs {
  if (cfg.target === "aws") {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return (require("./aws/platform") as typeof AwsPlatform).createAwsPlatform(cfg);
  }
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return (require("./docker/platform") as typeof DockerPlatform).createDockerPlatform(cfg);
}
