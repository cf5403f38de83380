/**
 * Test support for the Docker components: the dev stack synthesized once
 * (the Resource shape, secrets as "[secret]"), and the same program run once
 * more under mocks that record every input in the clear, so tests can compare
 * secret files (redis.conf) with what the pure renderers produce.
 */
import { expect } from "chai";
import * as pulumi from "@pulumi/pulumi";
import type { Resource, SynthDocument } from "../../../cli/core/resource";
import { createMocks } from "../../../cli/core/mocks";
import { loadStackConfig } from "../../../cli/synth/stackConfig";
import { serialized } from "../../../cli/core/synthesize";
import { readPlatformConfig } from "../../../config/schema";
import type { ServiceContainerArgs } from "../../../components/docker/container";
import { createDockerPlatform } from "../../../components/docker/platform";
import type { NameContext } from "../../../lib/naming";
import { PROJECT_DIR, synth } from "../../support/mockRun";

export const CONTAINER = "docker:index/container:Container";
export const VOLUME = "docker:index/volume:Volume";
export const NETWORK = "docker:index/network:Network";

/** The dev stack as `platform synth --stack dev` sees it (cached for the whole run). */
export function devStack(): Promise<SynthDocument> {
  return synth("dev");
}

/** A resource by its logical name; fails the test when it is not exactly one. */
export function named(doc: SynthDocument, name: string): Resource {
  const found = doc.resources.filter((r) => r.name === name);
  expect(found, `${name}: ${found.length} found`).to.have.lengthOf(1);
  return found[0];
}

/** The resources a component owns (its children, at any depth). */
export function childrenOf(doc: SynthDocument, componentName: string): Resource[] {
  const component = named(doc, componentName);
  const byUrn = new Map(doc.resources.map((r) => [r.urn, r]));
  return doc.resources.filter((r) => {
    for (let p = r.parent; p; p = byUrn.get(p)?.parent) if (p === component.urn) return true;
    return false;
  });
}

export function labelsOf(r: Resource): Record<string, string> {
  const labels = (r.props.labels ?? []) as { label: string; value: string }[];
  return Object.fromEntries(labels.map((l) => [l.label, l.value]));
}

export interface Upload {
  readonly file: string;
  readonly content: string;
  readonly owner: string;
  readonly group: string;
  readonly permissions: string;
}

export function uploadsOf(r: Resource): Upload[] {
  return (r.props.uploads ?? []) as Upload[];
}

export function upload(r: Resource, file: string): Upload {
  const found = uploadsOf(r).filter((u) => u.file === file);
  expect(found, `${r.name} uploads ${file}`).to.have.lengthOf(1);
  return found[0];
}

/** The dev stack's labels (lib/tags.ts dockerLabels). */
export const DEV_LABELS = {
  "platform.cost-center": "cc-1234",
  "platform.environment": "dev",
  "platform.owner": "team-platform",
  "platform.project": "platform",
  "platform.stack": "dev",
};

/** A recorded registration with its inputs in the clear. */
export interface ClearResource {
  readonly type: string;
  readonly name: string;
  readonly inputs: Record<string, any>;
}

function reveal(value: any): any {
  if (Array.isArray(value)) return value.map(reveal);
  if (value !== null && typeof value === "object") {
    if (value[pulumi.runtime.specialSigKey] === pulumi.runtime.specialSecretSig)
      return reveal(value.value);
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, reveal(v)]));
  }
  return value;
}

/**
 * The `--config` overrides of the clear-text run: other published ports and
 * a pulled app image, so the same run also shows how those settings land.
 */
export const CLEAR_RUN_OVERRIDES = {
  "platform:devHttpsPort": "9443",
  "platform:devHttpPort": "9080",
  "platform:appImage": "registry.local/platform-app:1.2.3",
};

let clear: Promise<Map<string, ClearResource>> | undefined;
/**
 * Runs createDockerPlatform with the dev stack's config plus
 * CLEAR_RUN_OVERRIDES under mocks that record each resource's inputs with
 * secrets unwrapped (once per test run).
 */
export function devInputsInTheClear(): Promise<Map<string, ClearResource>> {
  clear ??= serialized(async () => {
    const stack = loadStackConfig(PROJECT_DIR, "dev", CLEAR_RUN_OVERRIDES);
    const recorded = new Map<string, ClearResource>();
    const base = createMocks("us-east-1");
    await pulumi.runtime.setMocks(
      {
        newResource(args) {
          recorded.set(args.name, {
            type: args.type,
            name: args.name,
            inputs: reveal(args.inputs),
          });
          return base.newResource(args);
        },
        call: (args) => base.call(args),
      },
      stack.project,
      "dev",
      false,
    );
    pulumi.runtime.setAllConfig(stack.values, stack.secretKeys);
    const cfg = readPlatformConfig(stack.values, { project: stack.project, stack: "dev" });
    if (cfg.target !== "docker") throw new Error("the dev stack must target Docker");
    const out = createDockerPlatform(cfg);
    await new Promise((resolve) => out.serviceUrl.apply(resolve));
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const settings = require("@pulumi/pulumi/runtime/settings");
    let seen = -1;
    while (seen !== recorded.size) {
      seen = recorded.size;
      await settings.waitForRPCs();
      await new Promise((r) => setImmediate(r));
    }
    return recorded;
  });
  return clear;
}

/** A resource of the clear-text run by its logical name. */
export async function clearResource(name: string): Promise<ClearResource> {
  const r = (await devInputsInTheClear()).get(name);
  expect(r, name).to.not.equal(undefined);
  return r as ClearResource;
}

/** The clear-text content of `file` uploaded by the loader `loaderName`. */
export async function clearUpload(loaderName: string, file: string): Promise<string> {
  const loader = await clearResource(loaderName);
  const found = (loader!.inputs.uploads as Upload[]).filter((u) => u.file === file);
  expect(found, `${loaderName} uploads ${file}`).to.have.lengthOf(1);
  return found[0].content;
}

/** The naming context and labels of the components built directly (not through the dev stack). */
export const DIRECT_CTX = { project: "shop", environment: "dev" } as const;
export const DIRECT_LABELS = { "platform.environment": "dev", "platform.project": "shop" };

/** A loader's uploads as rows: file, owner, group, permissions, content ("[secret]" when secret). */
export function uploadRows(loader: Resource): unknown[][] {
  return uploadsOf(loader).map((u) => [u.file, u.owner, u.group, u.permissions, u.content]);
}

/** The value an Output settles to under the mocks. */
export function outputValue<T>(o: pulumi.Output<T>): Promise<T> {
  return new Promise<T>((resolve) => o.apply(resolve));
}

/** The dev context the container helpers are built with directly. */
export const HELPER_CTX: NameContext = { project: "platform", environment: "dev" };

/** The component the helpers' resources are children of, as a Docker component's are. */
export class TestParent extends pulumi.ComponentResource {
  constructor() {
    super("test:index:Parent", "p", {});
  }
}

/** A service container's Args (the app as user 10001), with `over` on top. */
export function serviceArgs(over: Partial<ServiceContainerArgs> = {}): ServiceContainerArgs {
  return {
    naming: HELPER_CTX,
    labels: { "platform.environment": "dev" },
    service: "app",
    image: "app:1",
    user: "10001:10001",
    memoryMb: 128,
    healthcheck: ["CMD", "true"],
    networks: [{ name: "net-app", aliases: ["app"] }],
    ...over,
  };
}
