/**
 * Deployability: schedules that collide. RDS rejects a backup window that
 * overlaps the maintenance window ("Must not conflict with the preferred
 * maintenance window", CreateDBInstance PreferredBackupWindow,
 * https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_CreateDBInstance.html),
 * and an AWS Backup job that runs while RDS takes its own backup or
 * maintains (reboots, upgrades) the instance waits or fails. RDS keeps its
 * own backups to the same rule: "The backup window can't overlap with the
 * weekly maintenance window"
 * (https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_ManagingAutomatedBackups.html,
 * read 2026-11-30). All times are UTC; minutes are counted from Sunday 00:00.
 */
import { PolicyResource } from "@pulumi/policy";
import { stackPolicy } from "../lib/define";
import { eachKnown, ofTypes, Pending } from "../lib/stack";
import { T } from "../lib/types";
import { asArray, asRecord, numeric, show, trimmed } from "../lib/values";
import { DEPLOYABILITY } from "../lib/deployability";

const WEEK = 7 * 24 * 60;
const DAYS = ["sun", "mon", "tue", "wed", "thu", "fri", "sat"];

/** A span of the week, [start, end) in minutes from Sunday 00:00; `end` may pass the week's end. */
export interface Span {
  readonly start: number;
  readonly end: number;
}

function hhmm(s: string): number | undefined {
  const m = /^(\d{2}):(\d{2})$/.exec(s);
  if (!m || Number(m[1]) > 23 || Number(m[2]) > 59) return undefined;
  return Number(m[1]) * 60 + Number(m[2]);
}

/** RDS's daily `hh24:mi-hh24:mi` window, once per day of the week. */
export function dailyWindow(value: string): Span[] | undefined {
  const [a, b] = value.split("-");
  const start = hhmm(a ?? "");
  const end = hhmm(b ?? "");
  if (start === undefined || end === undefined) return undefined;
  const length = (end - start + 1440) % 1440;
  return DAYS.map((_, d) => ({ start: d * 1440 + start, end: d * 1440 + start + length }));
}

/** RDS's weekly `ddd:hh24:mi-ddd:hh24:mi` window. */
export function weeklyWindow(value: string): Span[] | undefined {
  const m = /^([a-z]{3}):(\d{2}:\d{2})-([a-z]{3}):(\d{2}:\d{2})$/i.exec(value);
  if (!m) return undefined;
  const d1 = DAYS.indexOf(m[1].toLowerCase());
  const d2 = DAYS.indexOf(m[3].toLowerCase());
  const t1 = hhmm(m[2]);
  const t2 = hhmm(m[4]);
  if (d1 < 0 || d2 < 0 || t1 === undefined || t2 === undefined) return undefined;
  const start = d1 * 1440 + t1;
  const end = d2 * 1440 + t2;
  return [{ start, end: start + ((end - start + WEEK) % WEEK) }];
}

function numbers(field: string, max: number): number[] | undefined {
  const out: number[] = [];
  for (const part of field.split(",")) {
    if (!/^\d+$/.test(part) || Number(part) > max) return undefined;
    out.push(Number(part));
  }
  return out;
}

/**
 * The start times in the week of an AWS Backup `cron(min hour dom month dow year)`
 * expression (AWS cron: day of week 1-7 = SUN-SAT or SUN…SAT;
 * https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-scheduled-rule-pattern.html#eb-cron-expressions,
 * read 2026-11-30). A day-of-month schedule may land on any weekday, so it
 * counts every day. Undefined for what this does not read (ranges, steps).
 */
export function cronStarts(expression: string): number[] | undefined {
  const m = /^cron\((.+)\)$/.exec(expression.trim());
  if (!m) return undefined;
  const f = m[1].trim().split(/\s+/);
  if (f.length !== 6) return undefined;
  const minutes = numbers(f[0], 59);
  const hours = numbers(f[1], 23);
  if (!minutes || !hours) return undefined;
  let days: number[];
  if (f[4] === "?" || f[4] === "*") days = [0, 1, 2, 3, 4, 5, 6];
  else {
    days = [];
    for (const part of f[4].split(",")) {
      const byName = DAYS.indexOf(part.toLowerCase());
      if (byName >= 0) days.push(byName);
      else if (/^[1-7]$/.test(part)) days.push(Number(part) - 1);
      else return undefined;
    }
  }
  return days.flatMap((d) => hours.flatMap((h) => minutes.map((mi) => d * 1440 + h * 60 + mi)));
}

/** Whether two spans of the (cyclic) week overlap. */
export function overlaps(a: Span, b: Span): boolean {
  for (const shift of [-WEEK, 0, WEEK]) {
    if (a.start < b.end + shift && b.start + shift < a.end) return true;
  }
  return false;
}

function clock(minute: number): string {
  const m = ((minute % WEEK) + WEEK) % WEEK;
  const day = DAYS[Math.floor(m / 1440)];
  const t = m % 1440;
  return `${day} ${String(Math.floor(t / 60)).padStart(2, "0")}:${String(t % 60).padStart(2, "0")}`;
}

export const backupClearOfDatabaseWindows = stackPolicy<{ snapshotMinutes: number }>({
  ...DEPLOYABILITY,
  name: "backup-clear-of-database-windows",
  description:
    "An RDS instance's backup window does not overlap its maintenance window, and AWS Backup plans (start window plus the time a snapshot takes) stay clear of both.",
  resourceTypes: [T.rdsInstance, T.backupPlan],
  config: {
    snapshotMinutes: {
      type: "integer",
      default: 60,
      minimum: 0,
      description:
        "Minutes an AWS Backup job may still be running after its start window closes (the RDS snapshot it takes).",
    },
  },
  remediation:
    "Move the AWS Backup schedule (or the RDS windows) so that the job's start window plus the snapshot time ends before, or starts after, the RDS backup and maintenance windows; keep the RDS backup window off the maintenance window.",
  validate: (args, report, config) => {
    // A database or plan rule whose windows cannot be read (a secret offline) is left
    // out and ends the rule as "cannot be checked" once the others are judged.
    const pending = new Pending();
    const dbs: {
      db: PolicyResource;
      backup?: { text: string; spans: ReturnType<typeof dailyWindow> };
      maintenance?: { text: string; spans: ReturnType<typeof weeklyWindow> };
    }[] = [];
    eachKnown(ofTypes(args.resources, [T.rdsInstance]), pending, (db) => {
      const backup = trimmed(db.props.backupWindow, "backupWindow");
      const maintenance = trimmed(db.props.maintenanceWindow, "maintenanceWindow");
      dbs.push({
        db,
        backup: backup ? { text: backup, spans: dailyWindow(backup) } : undefined,
        maintenance: maintenance
          ? { text: maintenance, spans: weeklyWindow(maintenance) }
          : undefined,
      });
    });
    for (const { db, backup, maintenance } of dbs) {
      if (!backup?.spans || !maintenance?.spans) continue;
      if (backup.spans.some((b) => maintenance.spans?.some((w) => overlaps(b, w)))) {
        report(
          `backupWindow ${show(backup.text)} overlaps maintenanceWindow ${show(maintenance.text)}: RDS rejects it ("must not conflict with the preferred maintenance window"); move one of them`,
          db.urn,
        );
      }
    }
    eachKnown(ofTypes(args.resources, [T.backupPlan]), pending, (plan) => {
      for (const raw of asArray(plan.props.rules, "rules")) {
        const rule = asRecord(raw, "rules[]") ?? {};
        const schedule = trimmed(rule.schedule, "rules[].schedule");
        const zone = trimmed(rule.scheduleExpressionTimezone, "rules[].scheduleExpressionTimezone");
        if (!schedule || (zone !== undefined && zone !== "Etc/UTC" && zone !== "UTC")) continue;
        const starts = cronStarts(schedule);
        if (!starts) continue;
        // An unset start window is taken as 8 hours: that is StartBackupJob's
        // default and the console's "Start within" default; the BackupRuleInput
        // reference gives no default for plan rules (only "at least 60 minutes"),
        // so 8 hours is an assumption, and the longer window errs strict.
        const length =
          (numeric(rule.startWindow, "rules[].startWindow") ?? 480) + config.snapshotMinutes;
        const jobs = starts.map((s) => ({ start: s, end: s + length }));
        for (const { db, backup, maintenance } of dbs) {
          for (const [what, window] of [
            ["automated backup window", backup],
            ["maintenance window", maintenance],
          ] as const) {
            const hit = jobs.find((j) => window?.spans?.some((w) => overlaps(j, w)));
            if (hit && window) {
              report(
                `rule ${show(rule.ruleName)} (${show(schedule)}, start window ${length - config.snapshotMinutes} min + ${config.snapshotMinutes} min for the snapshot) may run ${clock(hit.start)}–${clock(hit.end)} UTC, inside ${db.name}'s ${what} ${show(window.text)}: the job waits or fails while RDS backs up or maintains the instance; schedule it clear of that window`,
                plan.urn,
              );
            }
          }
        }
      }
    });
    pending.settle();
  },
});

export const deployabilitySchedulePolicies = [backupClearOfDatabaseWindows];
