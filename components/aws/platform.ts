/**
 * The AWS implementation of the platform (staging, prod, previews): one
 * explicit provider whose defaultTags carry the required tags, and every
 * component of the contract wired with the links of COMPONENT_LINKS, in the
 * order they use each other. Each step lives in its own module:
 *
 * - platformContext.ts: providers, tags, naming, wiring;
 * - platformFoundation.ts: Encryption, Network, Secrets;
 * - platformPreviewTier.ts: staging's shared preview tier, and a preview's seat in it;
 * - platformData.ts: Database, Cache, ObjectStore, Notifications;
 * - platformServices.ts: the web service(s) and the file processor;
 * - platformOperations.ts: Observability, alarms, audit trail, budgets, Backup;
 * - platformExports.ts: the stack outputs.
 */
import type { AwsConfig } from "../../config/platformConfig";
import type { PlatformOutputs } from "../outputs";
import { awsPlatformContext } from "./platformContext";
import { createDataTier } from "./platformData";
import { awsStackOutputs } from "./platformExports";
import { createFoundation } from "./platformFoundation";
import { createOperations } from "./platformOperations";
import { createStagingPreviewTier, joinSharedTier } from "./platformPreviewTier";
import {
  createFileProcessor,
  createFurtherWebServices,
  createWebService,
  webServiceArgs,
} from "./platformServices";

export function createAwsPlatform(cfg: AwsConfig): PlatformOutputs {
  const ctx = awsPlatformContext(cfg);
  const base = createFoundation(ctx);
  // A preview on the shared tier reads staging's `previewTier` and adds only its own database,
  // Redis user and host rule; every other stack (and an isolated preview) builds its own.
  const seat = joinSharedTier(cfg);
  const data = createDataTier(ctx, base, seat);
  const webArgs = webServiceArgs(ctx, base, data, seat);
  const web = createWebService(ctx, webArgs);
  // Staging owns the shared preview tier, under its WebService, Database and Cache components.
  const previewTier = createStagingPreviewTier(ctx, base, {
    web,
    database: data.database,
    cache: data.cache,
  });
  createFurtherWebServices(ctx, webArgs);
  const workloads = { web, fileProcessor: createFileProcessor(ctx, base, data) };
  const observability = createOperations(ctx, base, data, workloads, { seat, previewTier });
  return awsStackOutputs(cfg, { base, data, workloads, observability, previewTier });
}
