/**
 * The AWS stacks' alarms come from the one alert definition
 * (lib/observability/alerts.ts), rendered for CloudWatch by
 * lib/observability/cloudwatch.ts; this module is where the AWS components
 * take them from.
 */
export { alarmSpecs, dashboardBody } from "../../lib/observability/cloudwatch";
export type { AlarmSpec, AlarmTargets } from "../../lib/observability/cloudwatch";
