/**
 * THE list of AWS data-store types (policy-pack/data/data-stores.json): for
 * each, the input that turns on encryption at rest with a customer-managed
 * KMS key, what AWS does when the program sets nothing, and the rule that
 * checks it. Fail-closed: policy-pack/tests/data-stores.spec.ts fails when a
 * type of the installed @pulumi/aws that looks like a data store (an
 * encryption-at-rest input, see policy-pack/build/awsProvider.ts
 * ENCRYPTION_INPUT) is neither here nor in REVIEWED_NOT_DATA_STORES.
 *
 * The facts are data, dated and sourced like the pack's other facts about AWS
 * (policy-pack/data/index.ts lists the file and its sources in
 * docs/policies.md); "not reviewed here" means the rule demands the
 * customer-managed key without claiming what AWS does by default.
 */
import dataStores from "../data/data-stores.json";

export interface DataStore {
  readonly type: string;
  /** Human name in messages. */
  readonly label: string;
  /** A setting that must be on: `path` (dot-separated) must be true, or equal `equals`. */
  readonly flag?: { readonly path: string; readonly equals?: string };
  /** Where the customer-managed KMS key goes (dot-separated path). */
  readonly key?: string;
  /** What AWS does when the program sets nothing. */
  readonly awsDefault: string;
  /** Where that default is documented. */
  readonly source?: string;
  /** The policy that checks the type: its own rule, or `data-store-encrypted`. */
  readonly rule: string;
}

export const DATA_STORES: readonly DataStore[] = dataStores.stores;

/**
 * Types with an encryption-shaped input that were reviewed and judged not to
 * be data stores for this pack (type → why): the key encrypts configuration,
 * code, credentials or transient processing rather than a store of customer
 * data, or the data lives in a store on the list above.
 */
export const REVIEWED_NOT_DATA_STORES: Readonly<Record<string, string>> = Object.fromEntries(
  Object.entries(dataStores.reviewedNotDataStores).flatMap(([reason, types]) =>
    types.map((t) => [t, reason] as const),
  ),
);
