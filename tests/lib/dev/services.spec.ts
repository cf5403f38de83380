import { expect } from "chai";
import fc from "fast-check";
import { DEV_SERVICES, dockerName, SERVICE_HOSTS } from "../../../lib/dev/services";

describe("lib/dev/services", () => {
  it("names containers <project>-<env>-<alias>", () => {
    const ctx = { project: "platform", environment: "dev" };
    expect(DEV_SERVICES.map((s) => dockerName(ctx, s))).to.deep.equal([
      "platform-dev-db",
      "platform-dev-cache",
      "platform-dev-objectstore",
      "platform-dev-proxy",
      "platform-dev-app",
      "platform-dev-file-processor",
      "platform-dev-notifications",
      "platform-dev-prometheus",
      "platform-dev-alertmanager",
      "platform-dev-grafana",
      "platform-dev-loki",
      "platform-dev-log-shipper",
      "platform-dev-blackbox",
      "platform-dev-postgres-exporter",
      "platform-dev-redis-exporter",
      "platform-dev-traces",
    ]);
    expect(dockerName(ctx, "db-data")).to.equal("platform-dev-db-data");
    expect(SERVICE_HOSTS.objectStore).to.equal("objectstore");
  });

  it("always gives a valid Docker name", () => {
    fc.assert(
      fc.property(
        fc.string({ minLength: 1, maxLength: 30 }),
        fc.string({ maxLength: 10 }),
        (project, role) => {
          expect(dockerName({ project, environment: "dev" }, role)).to.match(
            /^[a-z0-9][a-z0-9_.-]*$/,
          );
        },
      ),
    );
  });
});
