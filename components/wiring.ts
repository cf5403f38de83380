/**
 * How both halves wire their components: each is named `<project>-<role>`,
 * built with the half's explicit providers, and depends on exactly the
 * components COMPONENT_LINKS says it uses, which must already be built.
 */
import type * as pulumi from "@pulumi/pulumi";
import { ComponentKind, COMPONENT_LINKS, componentName } from "./contracts";

export interface Wiring {
  /** The component's logical name, the same in every stack (`platform-db`). */
  name(kind: ComponentKind): string;
  /** Options for a component of `kind`: the providers and its links as `dependsOn`. */
  opts(
    kind: ComponentKind,
    extra?: pulumi.ComponentResourceOptions,
  ): pulumi.ComponentResourceOptions;
  /** Records a built component, so the components that use it can depend on it. */
  keep<T extends pulumi.Resource>(kind: ComponentKind, resource: T): T;
}

export function wiring(project: string, providers: pulumi.ProviderResource[]): Wiring {
  const built: Partial<Record<ComponentKind, pulumi.Resource>> = {};
  return {
    name: (kind) => componentName(project, kind),
    opts: (kind, extra = {}) => ({
      providers,
      dependsOn: COMPONENT_LINKS[kind].map((k) => {
        const dep = built[k];
        if (dep === undefined) throw new Error(`${kind} is built before ${k}, which it uses`);
        return dep;
      }),
      ...extra,
    }),
    keep: (kind, resource) => {
      built[kind] = resource;
      return resource;
    },
  };
}
