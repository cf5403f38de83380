/**
 * The AWS half's component classes, by kind, and the shared preview tier's
 * stand-ins: what ./contract.ts holds to components/contracts.ts. Only types
 * are read from here; components/platform.ts loads the AWS half through
 * ./platform, service by service (./sdk.ts).
 */
export { Backup } from "./backup";
export { Cache } from "./cache";
export { Database } from "./database";
export { Encryption } from "./encryption";
export { FileProcessor } from "./fileProcessor";
export { Network } from "./network";
export { Notifications } from "./notifications";
export { ObjectStore } from "./objectStore";
export { Observability } from "./observability";
export { Secrets } from "./secrets";
export { SharedCache } from "./sharedCache";
export { SharedDatabase } from "./sharedDatabase";
export { SharedNetwork } from "./sharedNetwork";
export { WebService } from "./webService";
