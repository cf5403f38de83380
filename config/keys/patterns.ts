/** The formats configuration values are checked against, shared by the key declarations. */
export const PREVIEW_STACK = /^pr-([1-9][0-9]{0,6})$/;
export const REGION = /^[a-z]{2}(-gov|-iso[a-z]?)?-[a-z]+-\d$/;
export const ACM_ARN = /^arn:aws(-[a-z]+)?:acm:[a-z0-9-]+:\d{12}:certificate\/[0-9a-f-]{36}$/;
export const DOMAIN = /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/;
export const FREE_TEXT = /^[\p{L}\p{N} _.:/=+\-@]{1,256}$/u;
export const IMAGE = /^[a-z0-9]+([._\-/:@][a-zA-Z0-9]+)*$/;
export const HOSTED_ZONE = /^Z[A-Z0-9]{1,31}$/;
export const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
/** Decimal octets without leading zeros (`010` is octal to some tools, decimal to others). */
const OCTET = "(0|[1-9][0-9]{0,2})";
/** `a.b.0.0/16`; whether it is private is checked by `isPrivateSlash16`. */
export const CIDR16 = new RegExp(`^${OCTET}\\.${OCTET}\\.0\\.0/16$`);
export const ISO_UTC = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/;
export const INSTANCE = /^[a-z0-9]{4,16}$/;
export const STACK_REF = /^[A-Za-z0-9_.\-/]{1,200}$/;

/** A stack named `pr-<N>` is the preview of pull request N. */
export function previewNumber(stack: string): number | undefined {
  const m = PREVIEW_STACK.exec(stack);
  return m ? Number(m[1]) : undefined;
}

/** A /16 inside the RFC 1918 private ranges: 10.0.0.0/8, 172.16.0.0/12, 192.168.0.0/16. */
export function isPrivateSlash16(a: number, b: number): boolean {
  return (a === 10 && b <= 255) || (a === 172 && b >= 16 && b <= 31) || (a === 192 && b === 168);
}
