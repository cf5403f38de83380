/** Label values of one series. */
export type Labels = Readonly<Record<string, string>>;

/** Histogram buckets (seconds) for request latency. */
export const LATENCY_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10] as const;

const HELP: Readonly<Record<string, string>> = {
  http_requests_total: "HTTP requests served, by method, route and status.",
  http_request_duration_seconds: "HTTP request latency in seconds, by method and route.",
  files_total: "Files handled by the processor, by outcome.",
  notifications_failed_total: "Notifications that could not be published.",
  events_rejected_total: "Events rejected as malformed.",
};

interface HistogramSeries {
  readonly labels: Labels;
  readonly counts: number[];
  sum: number;
  count: number;
}

function key(labels: Labels): string {
  return JSON.stringify(Object.entries(labels).sort(([a], [b]) => (a < b ? -1 : 1)));
}

function escapeLabel(v: string): string {
  return v.replace(/\\/g, "\\\\").replace(/\n/g, "\\n").replace(/"/g, '\\"');
}

function renderLabels(labels: Labels, extra?: [string, string]): string {
  const entries = Object.entries(labels).sort(([a], [b]) => (a < b ? -1 : 1));
  if (extra !== undefined) entries.push(extra);
  return entries.length === 0
    ? ""
    : `{${entries.map(([k, v]) => `${k}="${escapeLabel(v)}"`).join(",")}}`;
}

function formatNumber(n: number): string {
  return Number.isInteger(n) ? String(n) : String(Number(n.toFixed(9)));
}

/** In-process counters and histograms, rendered in the Prometheus text format (0.0.4). */
export class Metrics {
  private readonly counters = new Map<string, Map<string, { labels: Labels; value: number }>>();
  private readonly histograms = new Map<string, Map<string, HistogramSeries>>();

  /** Adds `by` (default 1) to a counter series. */
  inc(name: string, labels: Labels = {}, by = 1): void {
    const series = this.counters.get(name) ?? new Map<string, { labels: Labels; value: number }>();
    this.counters.set(name, series);
    const k = key(labels);
    const s = series.get(k) ?? { labels, value: 0 };
    s.value += by;
    series.set(k, s);
  }

  /** Records one observation (seconds) in a histogram series. */
  observe(name: string, labels: Labels, value: number): void {
    const series = this.histograms.get(name) ?? new Map<string, HistogramSeries>();
    this.histograms.set(name, series);
    const k = key(labels);
    const s = series.get(k) ?? { labels, counts: LATENCY_BUCKETS.map(() => 0), sum: 0, count: 0 };
    LATENCY_BUCKETS.forEach((b, i) => {
      if (value <= b) s.counts[i] = (s.counts[i] ?? 0) + 1;
    });
    s.sum += value;
    s.count += 1;
    series.set(k, s);
  }

  /** The current value of a counter series (0 when never incremented). */
  counter(name: string, labels: Labels = {}): number {
    return this.counters.get(name)?.get(key(labels))?.value ?? 0;
  }

  /** Every series in the Prometheus text exposition format, metrics sorted by name. */
  render(): string {
    const out: string[] = [];
    for (const name of [...this.counters.keys()].sort()) {
      out.push(`# HELP ${name} ${HELP[name] ?? name}`, `# TYPE ${name} counter`);
      const series = [...(this.counters.get(name)?.values() ?? [])].sort((a, b) =>
        key(a.labels) < key(b.labels) ? -1 : 1,
      );
      for (const s of series) out.push(`${name}${renderLabels(s.labels)} ${formatNumber(s.value)}`);
    }
    for (const name of [...this.histograms.keys()].sort()) {
      out.push(`# HELP ${name} ${HELP[name] ?? name}`, `# TYPE ${name} histogram`);
      const series = [...(this.histograms.get(name)?.values() ?? [])].sort((a, b) =>
        key(a.labels) < key(b.labels) ? -1 : 1,
      );
      for (const s of series) {
        LATENCY_BUCKETS.forEach((b, i) =>
          out.push(
            `${name}_bucket${renderLabels(s.labels, ["le", String(b)])} ${s.counts[i] ?? 0}`,
          ),
        );
        out.push(`${name}_bucket${renderLabels(s.labels, ["le", "+Inf"])} ${s.count}`);
        out.push(`${name}_sum${renderLabels(s.labels)} ${formatNumber(s.sum)}`);
        out.push(`${name}_count${renderLabels(s.labels)} ${s.count}`);
      }
    }
    return `${out.join("\n")}\n`;
  }
}

/** What `renderProcessMetrics` reports: `process.cpuUsage()` (microseconds) and the resident set size. */
export interface ProcessSample {
  readonly cpu: { readonly user: number; readonly system: number };
  readonly residentBytes: number;
  /** When the process started, seconds since the epoch. */
  readonly startTimeSeconds: number;
}

/**
 * The standard process metrics (the names Prometheus client libraries use:
 * process_cpu_seconds_total, process_resident_memory_bytes,
 * process_start_time_seconds), which the CPU and memory alerts read in dev.
 */
export function renderProcessMetrics(s: ProcessSample): string {
  return [
    "# HELP process_cpu_seconds_total Total user and system CPU time spent in seconds.",
    "# TYPE process_cpu_seconds_total counter",
    `process_cpu_seconds_total ${formatNumber((s.cpu.user + s.cpu.system) / 1e6)}`,
    "# HELP process_resident_memory_bytes Resident memory size in bytes.",
    "# TYPE process_resident_memory_bytes gauge",
    `process_resident_memory_bytes ${s.residentBytes}`,
    "# HELP process_start_time_seconds Start time of the process since unix epoch in seconds.",
    "# TYPE process_start_time_seconds gauge",
    `process_start_time_seconds ${formatNumber(s.startTimeSeconds)}`,
    "",
  ].join("\n");
}

/** This process's sample, now. */
export function currentProcessSample(): ProcessSample {
  return {
    cpu: process.cpuUsage(),
    residentBytes: process.memoryUsage.rss(),
    startTimeSeconds: Math.floor(Date.now() / 1000 - process.uptime()),
  };
}

/** The body of GET /metrics: the workload's own series, then the process's. */
export function metricsBody(metrics: Metrics): string {
  return metrics.render() + renderProcessMetrics(currentProcessSample());
}
