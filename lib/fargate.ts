/**
 * Fargate task sizes: which memory values AWS accepts for each CPU value.
 * https://docs.aws.amazon.com/AmazonECS/latest/developerguide/fargate-tasks-services.html
 */
export const FARGATE_CPU = [256, 512, 1024, 2048, 4096] as const;

function range(from: number, to: number, step: number): number[] {
  const out: number[] = [];
  for (let v = from; v <= to; v += step) out.push(v);
  return out;
}

const MEMORY_BY_CPU: Readonly<Record<number, readonly number[]>> = {
  256: [512, 1024, 2048],
  512: range(1024, 4096, 1024),
  1024: range(2048, 8192, 1024),
  2048: range(4096, 16384, 1024),
  4096: range(8192, 30720, 1024),
};

/** The memory sizes (MiB) Fargate accepts with `cpu` units; empty when the CPU value is invalid. */
export function fargateMemoryOptions(cpu: number): readonly number[] {
  return MEMORY_BY_CPU[cpu] ?? [];
}
