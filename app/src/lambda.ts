/**
 * The file processor for AWS Lambda: `handler(event)` receives S3 object-created events.
 * The runtime (config, pool, clients) is built on the first invocation and reused while the
 * execution environment lives. Bad files are recorded as failed and the invocation succeeds;
 * a malformed event is logged and dropped (retrying cannot fix it); infrastructure errors throw
 * so Lambda retries the event and finally sends it to the dead-letter queue.
 *
 * The package also exports `previewDatabaseHandler` (previews/function.ts): the shared preview
 * tier's database function, deployed from the same package with its own handler name.
 */
import { errorFields } from "./log";
import { EventError } from "./processor/event";
import { EventOutcome, processEvent } from "./processor/process";
import { loadConfigOrReport, processorRuntime, ProcessorRuntime } from "./runtime";
import { startTracing, Tracing } from "./tracing";

/** The preview database function's handler (`lambda.previewDatabaseHandler`), in the same package. */
export { previewDatabaseHandler } from "./previews/function";

let runtime: Promise<ProcessorRuntime> | undefined;
let tracing: Tracing | undefined;

function getRuntime(): Promise<ProcessorRuntime> {
  if (runtime === undefined) {
    runtime = loadConfigOrReport(process.env, "processor", "file-processor")
      .then((config) => {
        tracing ??= startTracing({ service: "file-processor", environment: config.environment });
        return processorRuntime(config, "file-processor", __dirname, 2);
      })
      .catch((err: unknown) => {
        runtime = undefined; // the next invocation tries again
        throw err;
      });
  }
  return runtime;
}

export type LambdaResult = EventOutcome & { readonly rejected?: string };

export async function handler(event: unknown): Promise<LambdaResult> {
  const rt = await getRuntime();
  try {
    return await processEvent(event, rt.deps);
  } catch (err) {
    if (err instanceof EventError) return { records: [], ignored: 0, rejected: err.message };
    rt.log.error("event processing failed", errorFields(err));
    throw err;
  } finally {
    // Lambda freezes the environment once the handler returns: export this invocation's spans now.
    await tracing
      ?.flush()
      .catch((err: unknown) => rt.log.warn("trace export failed", errorFields(err)));
  }
}

/** Closes the cached runtime (tests; Lambda itself just freezes the environment). */
export async function closeRuntime(): Promise<void> {
  const current = runtime;
  runtime = undefined;
  if (current !== undefined) await (await current).close();
  const t = tracing;
  tracing = undefined;
  await t?.shutdown();
}
