/** The formats configuration values are checked against, shared by the key declarations. */
export const PREVIEW_STACK = /^pr-([1-9][0-9]{0,6})$/;
export const REGION = /^[a-z]{2}(-gov|-iso[a-z]?)?-[a-z]+-\d$/;
export const ACM_ARN = /^arn:aws(-[a-z]+)?:acm:[a-z0-9-]+:\d{12}:certificate\/[0-9a-f-]{36}$/;
export const DOMAIN = /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/;
export const FREE_TEXT = /^[\p{L}\p{N} _.:/=+\-@]{1,256}$/u;
export const IMAGE = /^[a-z0-9]+([._\-/:@][a-zA-Z0-9]+)*$/;
export const HOSTED_ZONE = /^Z[A-Z0-9]{1,31}$/;
export const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
export const CIDR16 = /^10\.(\d{1,3})\.0\.0\/16$/;
export const ISO_UTC = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/;
export const INSTANCE = /^[a-z0-9]{4,16}$/;
export const STACK_REF = /^[A-Za-z0-9_.\-/]{1,200}$/;

/** A stack named `pr-<N>` is the preview of pull request N. */
export function previewNumber(stack: string): number | undefined {
  const m = PREVIEW_STACK.exec(stack);
  return m ? Number(m[1]) : undefined;
}
