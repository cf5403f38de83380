/**
 * Fargate task sizes: which memory values AWS accepts for each CPU value.
 * The table, with its AWS source and the date it was read, is
 * policy-pack/data/fargate-task-sizes.json; the policy pack's
 * fargate-task-size-valid rule reads the same file.
 */
import { FARGATE_SIZES } from "../policy-pack/data";

/** The task-level CPU values (units) Fargate accepts. */
export const FARGATE_CPU: readonly number[] = [...FARGATE_SIZES.keys()];

/** The memory sizes (MiB) Fargate accepts with `cpu` units; empty when the CPU value is invalid. */
export function fargateMemoryOptions(cpu: number): readonly number[] {
  return FARGATE_SIZES.get(cpu) ?? [];
}
