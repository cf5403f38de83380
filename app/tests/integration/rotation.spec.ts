import { expect } from "chai";
import { writeFileSync } from "node:fs";
import { waitUntil } from "../../../test-support";
import { AppProcess, httpRequest, s3Event, Stack, startApp, startStack } from "./stack";

const CSV = "sku,name,quantity,price\nA-1,Apple,3,1.50\n";

/**
 * RDS rotates its managed master secret (every 7 days by default:
 * https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/rds-secrets-manager.html, read
 * 2026-11-30) while the web service and the processor run. Here a real PostgreSQL changes the
 * password (the secret file first, then ALTER ROLE, as the rotation updates the secret and the
 * database together) and every session of the workload is ended, so each process must log in
 * again with the new password. No request may fail.
 */
describe("integration: the workload survives a rotation of the database password", function () {
  this.timeout(120_000);
  let stack: Stack;
  let worker: AppProcess;
  let web: AppProcess;

  before(async () => {
    stack = await startStack();
    worker = await startApp("worker.ts", stack.env);
    web = await startApp("main.ts", { ...stack.env, APP_SECRET_KEY: "k".repeat(48) });
  });

  after(async () => {
    await web?.process.stop();
    await worker?.process.stop();
    await stack?.stop();
  });

  /** Ends every session of the app's database user, as a failover or an idle timeout does. */
  async function endSessions(): Promise<void> {
    stack.pg.psql(
      "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE usename = 'app' AND pid <> pg_backend_pid()",
    );
    await waitUntil(
      "the app's sessions to end",
      async () =>
        stack.pg.psql("SELECT count(*) FROM pg_stat_activity WHERE usename = 'app'").trim() === "0",
      { timeoutMs: 5_000 },
    ).catch((err: Error) => {
      throw new Error(
        `${err.message}: ${stack.pg.psql("SELECT pid, application_name, state, backend_type FROM pg_stat_activity WHERE usename = 'app'")}`,
      );
    });
    // Let each pool see its idle clients' sockets close.
    await new Promise((resolve) => setTimeout(resolve, 300));
  }

  function rotate(password: string): void {
    writeFileSync(stack.env.DATABASE_PASSWORD_FILE as string, `${password}\n`, { mode: 0o600 });
    stack.pg.psql(`ALTER ROLE app PASSWORD '${password}'`);
  }

  it("serves every request and processes every file after the password changes", async () => {
    expect((await httpRequest("GET", `${web.baseUrl}/files`)).status).to.equal(200);
    rotate("rotated-Pa55word-1");
    await endSessions();

    const statuses = await Promise.all(
      Array.from({ length: 12 }, () =>
        httpRequest("GET", `${web.baseUrl}/files`).then((r) => r.status),
      ),
    );
    expect(statuses).to.deep.equal(Array(12).fill(200));
    const ready = await httpRequest("GET", `${web.baseUrl}/readyz`);
    expect([ready.status, ready.json<{ failed: string[] }>().failed]).to.deep.equal([200, []]);

    const etag = await stack.put("in/after-rotation.csv", CSV);
    const processed = await httpRequest(
      "POST",
      `${worker.baseUrl}/events`,
      s3Event("in/after-rotation.csv", etag, CSV.length),
    );
    expect(processed.status).to.equal(200);
    expect(
      processed.json<{ records: Array<{ outcome: string }> }>().records.map((r) => r.outcome),
    ).to.deep.equal(["processed"]);

    // Both processes logged in again, with the new password.
    expect(
      stack.pg.psql("SELECT count(*) > 0 FROM pg_stat_activity WHERE usename = 'app'").trim(),
    ).to.equal("t");
    for (const p of [web, worker]) {
      expect(p.output()).to.contain("database login refused, re-reading the password");
      expect(p.output()).not.to.contain("rotated-Pa55word-1");
    }
  });

  it("is not ready while the database refuses the password it can read, and ready again after", async () => {
    // The database changed, the secret did not (a rotation half done): logins fail.
    stack.pg.psql("ALTER ROLE app PASSWORD 'not-the-one-in-the-file'");
    const notReady = await httpRequest("GET", `${web.baseUrl}/readyz`);
    const body = notReady.json<{
      status: string;
      failed: string[];
      checks: Record<string, { ok: boolean; error?: string }>;
    }>();
    expect([notReady.status, body.status, body.failed]).to.deep.equal([
      503,
      "not ready",
      ["database"],
    ]);
    expect(body.checks.database?.error).to.match(/password authentication failed for user "app"/);

    rotate("rotated-Pa55word-2");
    const ready = await httpRequest("GET", `${web.baseUrl}/readyz`);
    expect([ready.status, ready.json<{ failed: string[] }>().failed]).to.deep.equal([200, []]);
  });
});
