/**
 * The preview database function's event. The payloads are the provider's: with
 * lifecycleScope "CRUD" it adds `{ action, prev_input }` under terraformKey (here `lifecycle`):
 * `prev_input` null on create, the old input on update, the last input on delete
 * (terraform-provider-aws internal/service/lambda/invocation.go `buildInput`, and the three
 * example payloads of https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/lambda_invocation,
 * read 2026-11-30).
 */
import { expect } from "chai";
import {
  LIFECYCLE_KEY,
  parsePreviewDatabaseEvent,
  previewDatabaseInput,
} from "../../../src/previews/event";

const ARN = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:platform/pr7/db-password-AbCdEf";
const input = previewDatabaseInput(7, ARN);

/** What the provider sends: the input, plus the lifecycle under the program's key. */
function crud(action: string, prev: unknown, over: Record<string, unknown> = {}): unknown {
  return { ...input, ...over, [LIFECYCLE_KEY]: { action, prev_input: prev } };
}

const expectRefused = (event: unknown, message: string) =>
  expect(() => parsePreviewDatabaseEvent(event)).to.throw(`preview database event: ${message}`);

describe("the preview database function's event", () => {
  it("is what the program sends: the pull request, its names and its secret's ARN, under the key lifecycle", () => {
    expect(LIFECYCLE_KEY).to.equal("lifecycle");
    expect(input).to.deep.equal({
      pullRequest: 7,
      database: "pr_7",
      role: "pr_7_app",
      passwordSecretArn: ARN,
    });
  });

  it("reads create (prev_input null), update (the old input) and delete (the last input)", () => {
    const want = (action: string) => ({
      action,
      pullRequest: 7,
      preview: { database: "pr_7", role: "pr_7_app" },
      passwordSecretArn: ARN,
    });
    expect(parsePreviewDatabaseEvent(crud("create", null))).to.deep.equal(want("create"));
    const older = previewDatabaseInput(
      7,
      "arn:aws:secretsmanager:eu-west-1:123456789012:secret:platform/pr7/db-password-ZyXwVu",
    );
    expect(parsePreviewDatabaseEvent(crud("update", older))).to.deep.equal(want("update"));
    expect(parsePreviewDatabaseEvent(crud("delete", input))).to.deep.equal(want("delete"));
  });

  it("refuses an event that is not an object, with what it got", () => {
    expectRefused(
      "create",
      'expected a JSON object (the aws.lambda.Invocation input), got "create"',
    );
    expectRefused(null, "expected a JSON object (the aws.lambda.Invocation input), got null");
    expectRefused(
      [input],
      "expected a JSON object (the aws.lambda.Invocation input), got an array",
    );
  });

  it("refuses an event without the CRUD lifecycle (CREATE_ONLY, or the default key tf)", () => {
    expectRefused(
      input,
      'lifecycle: expected the CRUD lifecycle object (aws.lambda.Invocation with lifecycleScope "CRUD" and terraformKey "lifecycle"), got nothing',
    );
    expectRefused(
      { ...input, tf: { action: "create", prev_input: null } },
      'lifecycle: expected the CRUD lifecycle object (aws.lambda.Invocation with lifecycleScope "CRUD" and terraformKey "lifecycle"), got nothing',
    );
    expectRefused(
      { ...input, lifecycle: "create" },
      'lifecycle: expected the CRUD lifecycle object (aws.lambda.Invocation with lifecycleScope "CRUD" and terraformKey "lifecycle"), got "create"',
    );
  });

  it("refuses an unknown action", () => {
    expectRefused(
      crud("destroy", null),
      'lifecycle.action: expected "create", "update" or "delete", got "destroy"',
    );
    expectRefused(
      crud("CREATE", null),
      'lifecycle.action: expected "create", "update" or "delete", got "CREATE"',
    );
  });

  it("refuses a pull request number out of range or not a number", () => {
    expectRefused(
      crud("create", null, { pullRequest: "7" }),
      'input.pullRequest: expected an integer from 1 to 10000000, got "7"',
    );
    expectRefused(
      crud("create", null, { pullRequest: 0 }),
      "input.pullRequest: expected an integer from 1 to 10000000, got number 0",
    );
    expectRefused(
      crud("create", null, { pullRequest: 7.5 }),
      "input.pullRequest: expected an integer from 1 to 10000000, got number 7.5",
    );
  });

  it("refuses names that are not the pull request's own (never another preview's or an admin's)", () => {
    expectRefused(
      crud("create", null, { database: "pr_8" }),
      'input.database: expected "pr_7" for pull request 7, got "pr_8"',
    );
    expectRefused(
      crud("delete", input, { database: "postgres" }),
      'input.database: expected "pr_7" for pull request 7, got "postgres"',
    );
    expectRefused(
      crud("create", null, { role: "previews_admin" }),
      'input.role: expected "pr_7_app" for pull request 7, got "previews_admin"',
    );
  });

  it("refuses a password secret that is not a Secrets Manager ARN (a password, say)", () => {
    expectRefused(
      crud("create", null, { passwordSecretArn: "hunter2hunter2" }),
      'input.passwordSecretArn: expected a Secrets Manager secret ARN, got "hunter2hunter2"',
    );
    expectRefused(
      crud("create", null, { passwordSecretArn: undefined }),
      "input.passwordSecretArn: expected a Secrets Manager secret ARN, got nothing",
    );
  });

  it("refuses an update that moves the preview to another pull request", () => {
    expectRefused(
      crud("update", previewDatabaseInput(8, ARN)),
      "the pull request changed from 8 to 7: a preview's database cannot move to another pull request; destroy the preview and deploy it again",
    );
    expectRefused(
      crud("update", "previous"),
      'lifecycle.prev_input: expected the previous input object or null, got "previous"',
    );
    expectRefused(
      crud("update", { ...input, role: "pr_8_app" }),
      'lifecycle.prev_input.role: expected "pr_7_app" for pull request 7, got "pr_8_app"',
    );
  });
});
