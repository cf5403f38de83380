/**
 * Pricing rules of a preview's parts on staging's shared preview tier: its
 * host rule on the shared ALB, the invocation that creates its database on the
 * shared PostgreSQL instance, and its user on the shared Redis group. The tier
 * is priced once, on staging (its ALB, instance and group are staging's
 * resources); these lines cost nothing here and say in their basis which share
 * of the tier the preview stands for: the tier's fixed monthly price divided by
 * the assumed number of open previews (`previewTier.openPreviews`).
 */
import { PROFILES } from "../../config/profiles";
import { usage } from "./assumptions";
import { Unpriced } from "./priceTable";
import { hours, p, PriceRule, qty, usd } from "./ruleKit";
import type { RuleContext } from "./ruleKit";

/** A share of one tier part: its monthly price on staging over the open previews, or why unpriced. */
function share(ctx: RuleContext, what: string, monthly: () => { total: number; basis: string }) {
  const n = usage(ctx.usage, "previewTier.openPreviews");
  let text: string;
  try {
    const m = monthly();
    text = `${usd(m.total)}/month (${m.basis}) ÷ ${qty(n)} open previews (assumed) = ${usd(m.total / n)}`;
  } catch (e) {
    if (!(e instanceof Unpriced)) throw e;
    text = `1/${qty(n)} of it (the part itself is unpriced here: ${e.message})`;
  }
  return {
    monthly: 0,
    basis: `share of staging's ${what}: ${text}; priced once, on staging, not in this total`,
  };
}

/** The shared ALB: its hours and the public IPv4 address of each of its two subnets. */
export const sharedAlbShare: PriceRule = (_r, ctx) =>
  share(ctx, "shared preview ALB", () => {
    const h = p(ctx, "elb.alb.hour");
    const ip = p(ctx, "vpc.publicIpv4.hour");
    return {
      total: hours(ctx) * h + 2 * hours(ctx) * ip,
      basis: `${hours(ctx)} h × ${usd(h)} + 2 public IPv4 × ${hours(ctx)} h × ${usd(ip)}`,
    };
  });

/** The shared PostgreSQL instance, sized as the preview profile's database. */
export const sharedDatabaseShare: PriceRule = (_r, ctx) =>
  share(ctx, "shared preview PostgreSQL", () => {
    const db = PROFILES.preview.database;
    const h = p(ctx, "rds.postgres.instanceHour", db.instanceClass);
    const gb = p(ctx, "rds.storage.gbMonth", "gp3");
    return {
      total: hours(ctx) * h + db.allocatedStorageGb * gb,
      basis: `${db.instanceClass} ${hours(ctx)} h × ${usd(h)} + ${db.allocatedStorageGb} GB gp3 × ${usd(gb)}`,
    };
  });

/** The shared Redis group, sized as the preview profile's cache. */
export const sharedCacheShare: PriceRule = (_r, ctx) =>
  share(ctx, "shared preview Redis", () => {
    const c = PROFILES.preview.cache;
    const h = p(ctx, "elasticache.nodeHour", c.nodeType);
    return {
      total: c.numCacheClusters * hours(ctx) * h,
      basis: `${c.numCacheClusters} × ${c.nodeType} × ${hours(ctx)} h × ${usd(h)}`,
    };
  });
