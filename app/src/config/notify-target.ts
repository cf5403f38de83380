import { redactUrl } from "./redact";
import { failFor, parseUrl } from "./url-value";
import type { Environment } from "./scalars";

/** Where file notifications go: an SNS topic on AWS, or a webhook (a local sink) in dev. */
export type NotifyTarget =
  | {
      readonly kind: "sns";
      readonly topicArn: string;
      readonly region: string;
      readonly fifo: boolean;
    }
  | { readonly kind: "webhook"; readonly url: string };

const SNS_ARN = /^arn:aws[a-z-]*:sns:([a-z0-9-]+):(\d{12}):([A-Za-z0-9_-]{1,256}?)(\.fifo)?$/;

/**
 * Parses `NOTIFY_TARGET`: an SNS topic ARN (`arn:aws:sns:…`), or an https:// webhook URL
 * (http:// only when ENVIRONMENT=dev, for a local sink).
 */
export function parseNotifyTarget(
  raw: string,
  environment: Environment,
  name = "NOTIFY_TARGET",
): NotifyTarget {
  const fail = failFor(name, redactUrl(raw));
  if (raw.startsWith("arn:")) {
    const m = SNS_ARN.exec(raw);
    if (m === null)
      return fail("an SNS topic ARN such as arn:aws:sns:eu-west-1:123456789012:files");
    return { kind: "sns", topicArn: raw, region: m[1] as string, fifo: m[4] !== undefined };
  }
  const url = parseUrl(raw, fail, "an SNS topic ARN (arn:aws:sns:…) or a webhook URL (https://…)");
  if (url.protocol === "https:") return { kind: "webhook", url: raw };
  if (url.protocol === "http:") {
    if (environment === "dev") return { kind: "webhook", url: raw };
    return fail(
      `an https:// webhook URL (plain http:// is accepted only when ENVIRONMENT=dev, got ENVIRONMENT=${environment})`,
    );
  }
  return fail(
    `an SNS topic ARN (arn:aws:sns:…) or a webhook URL (https://…), got the scheme ${url.protocol}//`,
  );
}
