import { expect } from "chai";
import { Resource } from "../../cli/core/resource";
import { T, T2 } from "../lib/types";
import {
  aurora,
  aws,
  awsProvider,
  bucket,
  check,
  expectClean,
  expectOnly,
  itReports,
  KEY_ARN,
  kmsKey,
  patch,
  postgres,
  redis,
  replace,
  TAGS,
} from "./fixtures";
import { findings } from "./rules";

/** Prod-grade stateful resources, tagged for `env`. */
function compliant(env = "prod"): Resource[] {
  const resources = [
    kmsKey(),
    ...postgres(),
    ...aurora(),
    ...redis(),
    ...bucket(),
    aws(
      T.secret,
      "secret",
      { name: "platform/prod/app-key", kmsKeyId: KEY_ARN },
      { protect: true },
    ),
    aws(T.efsFileSystem, "files", { encrypted: true, kmsKeyId: KEY_ARN }, { protect: true }),
    aws(
      T.dynamodbTable,
      "table",
      { hashKey: "id", serverSideEncryption: { enabled: true, kmsKeyArn: KEY_ARN } },
      { protect: true },
    ),
  ];
  return resources.map((r) => ({ ...r, provider: awsProvider({ ...TAGS, Environment: env }) }));
}

const unprotect = (name: string) => (r: Resource[]) =>
  replace(r, name, (x) => ({ ...x, opts: { ...x.opts, protect: false } }));

describe("policy pack: data protection", () => {
  it("passes prod-grade stateful resources in prod", async () => {
    expectClean(await check(compliant()));
  });

  describe("in prod: mandatory", () => {
    itReports(compliant, [
      {
        title: "deletion protection off",
        change: (r) => patch(r, "db", { deletionProtection: false }),
        policy: "rds-deletion-protection",
        resource: "db",
        message: /^deletionProtection is false; set deletionProtection: true$/,
      },
      {
        title: "an Aurora cluster without deletion protection",
        change: (r) => patch(r, "aurora", { deletionProtection: undefined }),
        policy: "rds-deletion-protection",
        resource: "aurora",
        message: /^deletionProtection is not set/,
      },
      {
        title: "skipFinalSnapshot true",
        change: (r) => patch(r, "db", { skipFinalSnapshot: true }),
        policy: "rds-final-snapshot",
        resource: "db",
        message: /^skipFinalSnapshot is true: deleting the database loses its data/,
      },
      {
        title: "no finalSnapshotIdentifier",
        change: (r) => patch(r, "db", { finalSnapshotIdentifier: undefined }),
        policy: "rds-final-snapshot",
        resource: "db",
        message: /^finalSnapshotIdentifier is not set/,
      },
      {
        title: "7 days of backups",
        change: (r) => patch(r, "db", { backupRetentionPeriod: 7 }),
        policy: "rds-backup-retention",
        resource: "db",
        message: /^backupRetentionPeriod is 7; keep backups for at least 14 days$/,
      },
      {
        title: "no backup retention (the API default of 1 day)",
        change: (r) => patch(r, "aurora", { backupRetentionPeriod: undefined }),
        policy: "rds-backup-retention",
        resource: "aurora",
        message: /^backupRetentionPeriod is not set/,
      },
      {
        title: "an unprotected database",
        change: unprotect("db"),
        policy: "stateful-resources-protected",
        resource: "db",
        message: /^the resource is not protected/,
      },
      {
        title: "an unprotected bucket",
        change: unprotect("uploads"),
        policy: "stateful-resources-protected",
        resource: "uploads",
        message: /^the resource is not protected/,
      },
      {
        title: "an unprotected KMS key",
        change: unprotect("key"),
        policy: "stateful-resources-protected",
        resource: "key",
        message: /^the resource is not protected/,
      },
      {
        title: "an unprotected secret",
        change: unprotect("secret"),
        policy: "stateful-resources-protected",
        resource: "secret",
        message: /^the resource is not protected/,
      },
      {
        title: "an unprotected cache",
        change: unprotect("cache"),
        policy: "stateful-resources-protected",
        resource: "cache",
        message: /^the resource is not protected/,
      },
      {
        title: "an unprotected table",
        change: unprotect("table"),
        policy: "stateful-resources-protected",
        resource: "table",
        message: /^the resource is not protected/,
      },
    ]);
  });

  describe("in staging (config/staging.json): advisory", () => {
    itReports(
      () => compliant("staging"),
      [
        {
          title: "deletion protection off in staging",
          change: (r) => patch(r, "db", { deletionProtection: false }),
          policy: "rds-deletion-protection",
          resource: "db",
          message: /^deletionProtection is false/,
          env: "staging",
          level: "advisory",
        },
        {
          title: "skipFinalSnapshot in staging",
          change: (r) => patch(r, "db", { skipFinalSnapshot: true }),
          policy: "rds-final-snapshot",
          resource: "db",
          message: /^skipFinalSnapshot is true/,
          env: "staging",
          level: "advisory",
        },
        {
          title: "short backups in staging",
          change: (r) => patch(r, "db", { backupRetentionPeriod: 3 }),
          policy: "rds-backup-retention",
          resource: "db",
          message: /^backupRetentionPeriod is 3/,
          env: "staging",
          level: "advisory",
        },
        {
          title: "an unprotected bucket in staging",
          change: unprotect("uploads"),
          policy: "stateful-resources-protected",
          resource: "uploads",
          message: /^the resource is not protected/,
          env: "staging",
          level: "advisory",
        },
      ],
    );

    it("a preview stack (config/preview.json) disables them (previews are disposable by design)", async () => {
      const r = unprotect("db")(
        patch(compliant("preview"), "db", {
          deletionProtection: false,
          skipFinalSnapshot: true,
          backupRetentionPeriod: 1,
        }),
      );
      // The cache's rule lets in the app's group: in a preview that group must be the preview's
      // own (preview-reaches-only-shared-tier), so the preview defines it.
      const appGroup = aws(T.securityGroup, "app-sg", {
        name: "platform-prod-app-sg",
        description: "app",
        vpcId: "vpc-1",
      });
      expectClean(
        await check([...r, { ...appGroup, provider: r[0]!.provider }], { env: "preview" }),
      );
    });
  });

  it("without a config file the rules run at their own level, mandatory, whatever the Environment tag", async () => {
    const broken = (env: string) => patch(compliant(env), "db", { deletionProtection: false });
    for (const env of ["prod", "dev"]) {
      const result = await check(broken(env), { config: {}, environment: undefined });
      expectOnly(result, "rds-deletion-protection", "db", /deletionProtection is false/);
    }
  });

  it("stateful-resources-protected covers Redshift clusters: an unprotected one is reported, a protected one is not", async () => {
    const cluster = (protect: boolean) => [
      aws(
        T2.redshiftCluster,
        "dw",
        { clusterIdentifier: "dw", encrypted: true, kmsKeyId: KEY_ARN },
        { protect },
      ),
    ];
    expect(await findings("stateful-resources-protected", cluster(false))).to.deep.equal([
      "[mandatory] stateful-resources-protected dw: the resource is not protected: `pulumi destroy` or a replacement would delete its data; set the resource option protect: true",
    ]);
    expect(await findings("stateful-resources-protected", cluster(true))).to.deep.equal([]);
  });

  it("the minimum retention comes from the config", async () => {
    const config = { "rds-backup-retention": { environment: "prod", minimumDays: 30 } };
    const result = await check(compliant(), { config });
    expect(result.violations.map((v) => [v.policy, v.resource.name, v.message])).to.deep.equal([
      [
        "rds-backup-retention",
        "db",
        "backupRetentionPeriod is 14; keep backups for at least 30 days",
      ],
      [
        "rds-backup-retention",
        "aurora",
        "backupRetentionPeriod is 21; keep backups for at least 30 days",
      ],
    ]);
  });
});
