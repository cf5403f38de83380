/**
 * policies/deployability-schedules.ts: the window arithmetic, and a failing and a passing case.
 * RDS: "The backup window can't overlap with the weekly maintenance window"
 * (USER_ManagingAutomatedBackups.html); AWS cron fields (eb-cron-expressions), read 2026-11-30.
 */
import { expect } from "chai";
import { T } from "../lib/types";
import {
  backupClearOfDatabaseWindows,
  cronStarts,
  dailyWindow,
  overlaps,
  weeklyWindow,
} from "../policies/deployability-schedules";
import { run } from "./deployability-support";
import { aws } from "./fixtures";

describe("deployability: schedules", () => {
  it("reads RDS windows and AWS cron start times as minutes from Sunday 00:00 UTC", () => {
    expect(weeklyWindow("sun:03:30-sun:04:30")).to.deep.equal([{ start: 210, end: 270 }]);
    // Across midnight and across the week's end.
    expect(weeklyWindow("sat:23:30-sun:00:30")).to.deep.equal([{ start: 10050, end: 10110 }]);
    expect(dailyWindow("23:30-00:15")?.[1]).to.deep.equal({ start: 1440 + 1410, end: 1440 + 1455 });
    expect(cronStarts("cron(0 6 * * ? *)")).to.deep.equal(
      [0, 1, 2, 3, 4, 5, 6].map((d) => d * 1440 + 360),
    );
    expect(cronStarts("cron(15 6 ? * TUE *)")).to.deep.equal([2 * 1440 + 375]);
    expect(cronStarts("cron(0 6 ? * 1 *)")).to.deep.equal([360]);
    expect(cronStarts("cron(0 */2 * * ? *)")).to.equal(undefined);
    expect(weeklyWindow("sunday 3am")).to.equal(undefined);
    expect(overlaps({ start: 180, end: 300 }, { start: 210, end: 270 })).to.equal(true);
    expect(overlaps({ start: 120, end: 180 }, { start: 180, end: 240 })).to.equal(false);
    expect(overlaps({ start: 10070, end: 10130 }, { start: 0, end: 30 })).to.equal(true);
  });

  it("backup-clear-of-database-windows: a backup into the maintenance window, or RDS windows that overlap, fail", async () => {
    const db = (backupWindow: string, maintenanceWindow: string) =>
      aws(T.rdsInstance, "db", { identifier: "platform-prod-db", backupWindow, maintenanceWindow });
    const plan = (schedule: string, startWindow?: number) =>
      aws(T.backupPlan, "plan", {
        rules: [{ ruleName: "daily", schedule, ...(startWindow ? { startWindow } : {}) }],
      });
    expect(
      await run(backupClearOfDatabaseWindows, [
        db("02:00-03:00", "sun:03:30-sun:04:30"),
        plan("cron(0 3 * * ? *)", 60),
      ]),
    ).to.deep.equal([
      'plan: rule "daily" ("cron(0 3 * * ? *)", start window 60 min + 60 min for the snapshot) may run sun 03:00–sun 05:00 UTC, inside db\'s maintenance window "sun:03:30-sun:04:30": the job waits or fails while RDS backs up or maintains the instance; schedule it clear of that window',
    ]);
    // AWS Backup's default start window is 8 hours: 22:00 + 8 h + 1 h reaches the 02:00 backup window.
    expect(
      await run(backupClearOfDatabaseWindows, [
        db("02:00-03:00", "sun:03:30-sun:04:30"),
        plan("cron(0 22 ? * FRI *)"),
      ]),
    ).to.deep.equal([
      'plan: rule "daily" ("cron(0 22 ? * FRI *)", start window 480 min + 60 min for the snapshot) may run fri 22:00–sat 07:00 UTC, inside db\'s automated backup window "02:00-03:00": the job waits or fails while RDS backs up or maintains the instance; schedule it clear of that window',
    ]);
    expect(
      await run(backupClearOfDatabaseWindows, [db("03:00-04:00", "sun:03:30-sun:04:30")]),
    ).to.deep.equal([
      'db: backupWindow "03:00-04:00" overlaps maintenanceWindow "sun:03:30-sun:04:30": RDS rejects it ("must not conflict with the preferred maintenance window"); move one of them',
    ]);
    // The program's schedule: 06:00 + 60 + 60 ends 08:00, clear of 02:00–03:00 and Sunday 03:30–04:30.
    expect(
      await run(backupClearOfDatabaseWindows, [
        db("02:00-03:00", "sun:03:30-sun:04:30"),
        plan("cron(0 6 * * ? *)", 60),
      ]),
    ).to.deep.equal([]);
  });
});
