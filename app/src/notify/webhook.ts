import { request as httpRequest } from "node:http";
import { request as httpsRequest } from "node:https";
import type { FileNotification, Notifier } from "../processor/ports";

/** POSTs each notification as JSON to a URL (the dev implementation: a local sink). Non-2xx is an error. */
export class WebhookNotifier implements Notifier {
  constructor(
    private readonly url: string,
    private readonly ca: string[] | undefined,
    private readonly timeoutMs = 5000,
  ) {}

  publish(notification: FileNotification): Promise<void> {
    const body = Buffer.from(JSON.stringify(notification));
    const url = new URL(this.url);
    const send = url.protocol === "https:" ? httpsRequest : httpRequest;
    return new Promise((resolve, reject) => {
      const req = send(
        url,
        {
          method: "POST",
          headers: {
            "content-type": "application/json",
            "content-length": String(body.length),
            "user-agent": "platform-app",
          },
          timeout: this.timeoutMs,
          ...(url.protocol === "https:" && this.ca !== undefined ? { ca: this.ca } : {}),
        },
        (res) => {
          res.resume();
          res.on("end", () => {
            const status = res.statusCode ?? 0;
            if (status >= 200 && status < 300) resolve();
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
