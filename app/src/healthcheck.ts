/** The image's HEALTHCHECK: exits 0 when GET http://127.0.0.1:$PORT/healthz answers 200 within 3 s. */
import { get } from "node:http";

const port = Number(process.env.PORT ?? "8080");
const req = get({ host: "127.0.0.1", port, path: "/healthz", timeout: 3000 }, (res) => {
  res.resume();
  process.exit(res.statusCode === 200 ? 0 : 1);
});
req.on("timeout", () => req.destroy(new Error("timeout")));
req.on("error", () => process.exit(1));
