import { request as httpRequest } from "node:http";
import { request as httpsRequest } from "node:https";
import {
  ATTR_HTTP_REQUEST_METHOD,
  ATTR_HTTP_RESPONSE_STATUS_CODE,
  ATTR_SERVER_ADDRESS,
  ATTR_URL_FULL,
} from "@opentelemetry/semantic-conventions";
import type { FileNotification, Notifier } from "../processor/ports";
import { injectContext, inSpan, SpanKind } from "../tracing";

/** POSTs each notification as JSON to a URL (the dev implementation: a local sink). Non-2xx is an error. */
export class WebhookNotifier implements Notifier {
  constructor(
    private readonly url: string,
    private readonly ca: string[] | undefined,
    private readonly timeoutMs = 5000,
  ) {}

  /** Traced as the client span `POST` (HTTP client conventions); the request carries `traceparent`. */
  publish(notification: FileNotification): Promise<void> {
    const url = new URL(this.url);
    return inSpan(
      "POST",
      {
        kind: SpanKind.CLIENT,
        attributes: {
          [ATTR_HTTP_REQUEST_METHOD]: "POST",
          [ATTR_SERVER_ADDRESS]: url.hostname,
          [ATTR_URL_FULL]: `${url.origin}${url.pathname}`,
        },
      },
      async (span) => {
        const status = await this.post(url, notification);
        span.setAttribute(ATTR_HTTP_RESPONSE_STATUS_CODE, status);
      },
    );
  }

  private post(url: URL, notification: FileNotification): Promise<number> {
    const body = Buffer.from(JSON.stringify(notification));
    const send = url.protocol === "https:" ? httpsRequest : httpRequest;
    return new Promise((resolve, reject) => {
      const req = send(
        url,
        {
          method: "POST",
          headers: injectContext({
            "content-type": "application/json",
            "content-length": String(body.length),
            "user-agent": "platform-app",
          }),
          timeout: this.timeoutMs,
          ...(url.protocol === "https:" && this.ca !== undefined ? { ca: this.ca } : {}),
        },
        (res) => {
          res.resume();
          res.on("end", () => {
            const status = res.statusCode ?? 0;
            if (status >= 200 && status < 300) resolve(status);
            else reject(new Error(`webhook ${url.origin}${url.pathname} answered ${status}`));
          });
        },
      );
      req.on("timeout", () =>
        req.destroy(
          new Error(`webhook ${url.origin}${url.pathname} timed out after ${this.timeoutMs} ms`),
        ),
      );
      req.on("error", reject);
      req.end(body);
    });
  }
}
