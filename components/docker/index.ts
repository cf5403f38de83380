/** The Docker (dev) implementation of every component of the contract. */
export * from "./backup";
export * from "./cache";
export * from "./container";
export * from "./database";
export * from "./encryption";
export * from "./fileProcessor";
export * from "./network";
export * from "./notifications";
export * from "./objectStore";
export * from "./observability";
export * from "./platform";
export * from "./secrets";
export * from "./webService";
