/**
 * Pulumi mocks for `platform synth`: deterministic ids and the output
 * properties the program reads from its resources (ARNs, endpoints, DNS names).
 * Invokes the program does not use are refused, so nothing silently returns
 * `undefined`.
 */
import { createHash } from "node:crypto";
import type * as pulumi from "@pulumi/pulumi";
import { INVOKES, T } from "../../policy-pack/lib/types";

export const MOCK_ACCOUNT_ID = "123456789012";

function physicalId(args: pulumi.runtime.MockResourceArgs): string {
  const i = args.inputs ?? {};
  const named =
    i.bucket ??
    i.identifier ??
    i.replicationGroupId ??
    i.functionName ??
    i.name ??
    i.clusterIdentifier;
  return typeof named === "string" && named !== "" ? named : `${args.name}-id`;
}

function service(type: string): string {
  const mod = type.split(":")[1]?.split("/")[0] ?? "x";
  return mod === "alb" || mod === "lb"
    ? "elasticloadbalancing"
    : mod === "cloudwatch"
      ? "logs"
      : mod;
}

/**
 * The environment synth pretends a referenced stack exports: the one its name
 * fixes (dev, staging, prod, pr-N → preview), else staging (a stack such as
 * `qa` chooses its own environment; synth cannot know it).
 */
export function mockEnvironment(stack: string): string {
  if (stack === "dev" || stack === "staging" || stack === "prod") return stack;
  return /^pr-\d+$/.test(stack) ? "preview" : "staging";
}

/**
 * The outputs synth pretends a referenced stack has: the `network` export of a
 * two-AZ network in `region` and the `previewTier` export of the shared preview
 * tier (what a preview reads from staging), with ids named after the stack.
 */
export function mockStackOutputs(stack: string, region: string): Record<string, unknown> {
  const short = stack.split("/").pop() ?? stack;
  const subnets = (tier: string) => [0, 1].map((i) => `subnet-mock-${short}-${tier}-${i}`);
  return {
    network: {
      vpcId: `vpc-mock-${short}`,
      region,
      environment: mockEnvironment(short),
      publicSubnetIds: subnets("public"),
      privateSubnetIds: subnets("private"),
      isolatedSubnetIds: subnets("isolated"),
    },
    // Staging's shared preview tier (platform:previewDataTier=shared), as components/aws/previewTier.ts exports it.
    previewTier: {
      region,
      listenerArn: `arn:aws:elasticloadbalancing:${region}:${MOCK_ACCOUNT_ID}:listener/app/mock-${short}-previews/0/https`,
      albDnsName: `mock-${short}-previews.${region}.elb.amazonaws.com`,
      albZoneId: "ZMOCKALBZONE",
      albArnSuffix: `app/mock-${short}-previews/0`,
      albSecurityGroupId: `sg-mock-${short}-previews-alb`,
      databaseAddress: `mock-${short}-previews-db.${region}.rds.amazonaws.com`,
      databasePort: 5432,
      databaseSecurityGroupId: `sg-mock-${short}-previews-db`,
      databaseIdentifier: `mock-${short}-previews-db`,
      databaseArn: `arn:aws:rds:${region}:${MOCK_ACCOUNT_ID}:db:mock-${short}-previews-db`,
      databaseAdminSecretArn: `arn:aws:secretsmanager:${region}:${MOCK_ACCOUNT_ID}:secret:rds!db-mock-${short}-previews`,
      cacheAddress: `master.mock-${short}-previews-cache.${region}.cache.amazonaws.com`,
      cachePort: 6379,
      cacheSecurityGroupId: `sg-mock-${short}-previews-cache`,
      cacheReplicationGroupId: `mock-${short}-previews-cache`,
      cacheUserGroupId: `mock-${short}-previews-users`,
      kmsKeyArn: `arn:aws:kms:${region}:${MOCK_ACCOUNT_ID}:key/mock-${short}-key`,
    },
  };
}

export function createMocks(defaultRegion: string): pulumi.runtime.Mocks {
  /** Regions of explicit AWS providers, by provider id (a reference is `urn::id`). */
  const providerRegions = new Map<string, string>();
  return {
    newResource(args) {
      const id = physicalId(args);
      if (args.type === "pulumi:providers:aws" && typeof args.inputs.region === "string") {
        providerRegions.set(id, args.inputs.region);
      }
      const region = providerRegions.get(args.provider?.split("::").pop() ?? "") ?? defaultRegion;
      const arn = `arn:aws:${service(args.type)}:${region}:${MOCK_ACCOUNT_ID}:${args.type.split(":")[2]?.toLowerCase()}/${id}`;
      const state: Record<string, unknown> = { ...args.inputs };
      if (args.type.startsWith("aws:")) {
        state.arn = arn;
        state.name = args.inputs.name ?? id;
      }
      switch (args.type) {
        case "pulumi:pulumi:StackReference": {
          // Read through readResource with inputs { name }: answer with the base stack's outputs.
          const name = String(args.inputs.name ?? args.name);
          return {
            id: name,
            state: { name, outputs: mockStackOutputs(name, defaultRegion), secretOutputNames: [] },
          };
        }
        case T.kmsKey:
          state.keyId = `${args.name}-key-id`;
          break;
        case T.rdsInstance:
          state.address = `${id}.mock.${region}.rds.amazonaws.com`;
          state.port = 5432;
          state.endpoint = `${state.address}:5432`;
          state.masterUserSecrets = [
            {
              secretArn: `arn:aws:secretsmanager:${region}:${MOCK_ACCOUNT_ID}:secret:rds!db-${id}`,
              kmsKeyId: args.inputs.masterUserSecretKmsKeyId,
              secretStatus: "active",
            },
          ];
          break;
        case T.replicationGroup:
          state.primaryEndpointAddress = `master.${id}.mock.cache.amazonaws.com`;
          state.port = 6379;
          break;
        case T.lb:
          state.dnsName = `${id}.${region}.elb.amazonaws.com`;
          state.zoneId = "Z0MOCKELBZONE";
          state.arnSuffix = `app/${id}/mock`;
          break;
        case T.lbTargetGroup:
          state.arnSuffix = `targetgroup/${id}/mock`;
          break;
        case T.ecsCluster:
        case T.ecsService:
          state.name = args.inputs.name ?? id;
          break;
        case T.sqsQueue:
          state.url = `https://sqs.${region}.amazonaws.com/${MOCK_ACCOUNT_ID}/${id}`;
          break;
        case T.randomPassword:
          state.result = `mock-${args.name}-value`;
          break;
        case T.randomId: {
          // Deterministic stand-in for the random bytes: the first byteLength bytes of the name's hash.
          const hex = createHash("sha256")
            .update(args.name)
            .digest("hex")
            .slice(0, 2 * Number(args.inputs.byteLength ?? 8));
          state.hex = hex;
          state.dec = BigInt(`0x${hex}`).toString();
          break;
        }
        case T.tlsPrivateKey:
          state.privateKeyPem = `mock private key of ${args.name}`;
          state.publicKeyPem = `mock public key of ${args.name}`;
          break;
        case T.tlsSelfSignedCert:
        case T.tlsLocallySignedCert:
          state.certPem = `-----BEGIN CERTIFICATE-----\nmock certificate of ${args.name}\n-----END CERTIFICATE-----\n`;
          break;
        case T.tlsCertRequest:
          state.certRequestPem = `mock csr of ${args.name}`;
          break;
        case T.dockerNetwork:
        case T.dockerVolume:
          state.name = args.inputs.name ?? id;
          break;
        case T.dockerImage:
          state.repoDigest = `${args.inputs.imageName}@sha256:${"0".repeat(64)}`;
          state.imageName = args.inputs.imageName;
          break;
        case T.dockerRemoteImage:
          state.imageId = `sha256:${"0".repeat(64)}`;
          state.repoDigest = `${args.inputs.name}@sha256:${"0".repeat(64)}`;
          break;
      }
      return { id, state };
    },
    call(args) {
      const region = providerRegions.get(args.provider?.split("::").pop() ?? "") ?? defaultRegion;
      switch (args.token) {
        case INVOKES.getCallerIdentity:
          return {
            accountId: MOCK_ACCOUNT_ID,
            arn: `arn:aws:iam::${MOCK_ACCOUNT_ID}:user/synth`,
            userId: "SYNTH",
          };
        case INVOKES.getPartition:
          return {
            partition: "aws",
            dnsSuffix: "amazonaws.com",
            reverseDnsPrefix: "com.amazonaws",
          };
        case INVOKES.getRegion:
          return { name: region, region, id: region, description: region };
        case INVOKES.getAvailabilityZones:
          return {
            names: ["a", "b", "c"].map((z) => `${region}${z}`),
            zoneIds: ["az1", "az2", "az3"].map((z) => `${region.slice(0, 3)}${z}`),
            id: region,
          };
        default:
          throw new Error(
            `synth has no mock answer for the invoke ${args.token}; add it to cli/synth/mocks.ts`,
          );
      }
    },
  };
}
