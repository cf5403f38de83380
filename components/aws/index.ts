/**
 * The AWS implementation of every component of the contract. components/platform.ts
 * loads the AWS half through ./platform only; this index is read for its types
 * (./contract.ts), so loading it costs nothing at run time.
 */
export * from "./backup";
export * from "./cache";
export * from "./database";
export * from "./encryption";
export * from "./fileProcessor";
export * from "./network";
export * from "./notifications";
export * from "./objectStore";
export * from "./observability";
export * from "./platform";
export * from "./secrets";
export * from "./sharedCache";
export * from "./sharedDatabase";
export * from "./sharedNetwork";
export * from "./webService";
