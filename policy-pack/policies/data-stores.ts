/**
 * Encryption at rest for every data store on THE list (lib/dataStores.ts)
 * that has no rule of its own in policies/encryption.ts: the store's
 * encryption setting is on and it uses a customer-managed KMS key. Mandatory
 * and never exemptable, like the other encryption-at-rest rules. Each message
 * says what AWS does when nothing is set, so "not encrypted with your key" is
 * never claimed as "unencrypted" when AWS encrypts by default.
 */
import { resourcePolicy } from "../lib/define";
import { DATA_STORES, DataStore } from "../lib/dataStores";
import { asRecord, customerManagedKeyProblem, inspectable, isTrue, show } from "../lib/values";

const GENERIC_STORES: readonly DataStore[] = DATA_STORES.filter(
  (d) => d.rule === "data-store-encrypted",
);

/** Reads a dot-separated path; a nested block given as a one-element array is unwrapped. */
export function readPath(props: Record<string, unknown>, path: string): unknown {
  let value: unknown = props;
  for (const part of path.split(".")) {
    const holder = Array.isArray(value) ? value[0] : value;
    value = asRecord(holder, part)?.[part];
  }
  return value;
}

/** The problems of one store's props; empty when it is encrypted with a customer-managed key. */
export function dataStoreProblems(store: DataStore, props: Record<string, unknown>): string[] {
  const problems: string[] = [];
  const byDefault = `(${store.label}: AWS default ${store.awsDefault})`;
  if (!store.flag && !store.key) {
    problems.push(
      `${store.label} offers no customer-managed encryption setting in this resource ${byDefault}; use the encrypted alternative named there`,
    );
    return problems;
  }
  if (store.flag) {
    const value = readPath(props, store.flag.path);
    const on =
      store.flag.equals === undefined
        ? isTrue(value, store.flag.path)
        : inspectable(value, store.flag.path) === store.flag.equals;
    if (!on) {
      problems.push(
        `${store.flag.path} is ${show(value)}; set ${store.flag.path}: ${store.flag.equals === undefined ? "true" : JSON.stringify(store.flag.equals)} ${byDefault}`,
      );
    }
  }
  if (store.key) {
    const problem = customerManagedKeyProblem(store.key, readPath(props, store.key));
    if (problem)
      problems.push(`${problem}; set ${store.key} to a customer-managed KMS key ARN ${byDefault}`);
  }
  return problems;
}

export const dataStoreEncrypted = resourcePolicy({
  name: "data-store-encrypted",
  description:
    "Every data store on the pack's data-store list without a rule of its own (Kinesis, Firehose, Redshift, OpenSearch, DocumentDB, Neptune, MSK, ElastiCache serverless and single-node clusters, MemoryDB, DAX, Backup vaults, Keyspaces, Timestream, FSx, …) encrypts at rest with a customer-managed KMS key.",
  enforcementLevel: "mandatory",
  group: "data-stores",
  exemptable: false,
  resourceTypes: GENERIC_STORES.map((d) => d.type),
  remediation:
    'Turn on the store\'s encryption setting and give it the customer-managed KMS key (the message names the input, e.g. Kinesis `encryptionType: "KMS"` + `kmsKeyId`, OpenSearch `encryptAtRest: { enabled: true, kmsKeyId }`, MSK `encryptionInfo.encryptionAtRestKmsKeyArn`). Encryption is usually fixed at creation: plan a replacement.',
  validate: ({ type, props }, report) => {
    const store = GENERIC_STORES.find((d) => d.type === type);
    if (store) dataStoreProblems(store, props).forEach(report);
  },
});

export const dataStorePolicies = [dataStoreEncrypted];
