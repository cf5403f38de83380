/**
 * Pure pieces of the dev (Docker) stack: service names, the certificate
 * spec, and the server configurations it renders. Tests load the same text
 * into real servers.
 */
export * from "./certs";
export * from "./nginx";
export * from "./objectStore";
export * from "./postgres";
export * from "./redis";
export * from "./services";
export * from "./sink";
