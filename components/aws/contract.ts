/**
 * The Aws half held to the contract: each component class offers exactly the
 * outputs components/contracts.ts declares for its kind (`AwsOutputs`). An
 * output added here and not there, or missing here, fails `tsc`.
 */
import {
  AwsOutputs,
  AwsSharedNetworkOutputs,
  ComponentKind,
  implementsExactly,
} from "../contracts";
import { Backup } from "./backup";
import { Cache } from "./cache";
import { Database } from "./database";
import { Encryption } from "./encryption";
import { FileProcessor } from "./fileProcessor";
import { Network } from "./network";
import { Notifications } from "./notifications";
import { ObjectStore } from "./objectStore";
import { Observability } from "./observability";
import { Secrets } from "./secrets";
import { SharedCache } from "./sharedCache";
import { SharedDatabase } from "./sharedDatabase";
import { SharedNetwork } from "./sharedNetwork";
import { WebService } from "./webService";

type O = AwsOutputs;

export const AWS_IMPLEMENTS_CONTRACT: Readonly<Record<ComponentKind, true>> = {
  Network:
    implementsExactly<Network, O["Network"]>(true) &&
    implementsExactly<SharedNetwork, AwsSharedNetworkOutputs>(true),
  Encryption: implementsExactly<Encryption, O["Encryption"]>(true),
  Secrets: implementsExactly<Secrets, O["Secrets"]>(true),
  Database:
    implementsExactly<Database, O["Database"]>(true) &&
    implementsExactly<SharedDatabase, O["Database"]>(true),
  Cache:
    implementsExactly<Cache, O["Cache"]>(true) && implementsExactly<SharedCache, O["Cache"]>(true),
  ObjectStore: implementsExactly<ObjectStore, O["ObjectStore"]>(true),
  Notifications: implementsExactly<Notifications, O["Notifications"]>(true),
  WebService: implementsExactly<WebService, O["WebService"]>(true),
  FileProcessor: implementsExactly<FileProcessor, O["FileProcessor"]>(true),
  Observability: implementsExactly<Observability, O["Observability"]>(true),
  Backup: implementsExactly<Backup, O["Backup"]>(true),
};
