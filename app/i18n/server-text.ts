// Sentences the admin shows about facts the server sends as data: what an experiment's variant
// changes, a guardrail's reading, why a customer is followed up. The services and the domain
// return kinds and figures; these words them in the page's language with its number, money and
// date formats (app/i18n keys "variantChange", "guardrailDetail", "followUpReason").
import type { TFunction } from "i18next";
import type { Formatter } from "../components/format";
import { translateMessage } from "./messages";

/** A discount as an offer or a variant grants it: a percent, or cents off for "fixed". */
export interface DiscountSetting {
  type: "none" | "percent" | "fixed";
  value: number;
}

/** One thing an experiment's variant changes (app/services/admin/experiments.server.ts). */
export type VariantChange =
  | { kind: "headline"; text: string }
  | { kind: "body"; text: string }
  | { kind: "itemsMined" }
  | { kind: "items"; titles: string[] }
  | { kind: "shows"; count: number }
  | { kind: "discount"; from: DiscountSetting | null; to: DiscountSetting }
  | { kind: "layout"; layout: string }
  | { kind: "hide" };

/** A percent as typed (10, 12.5) with as many decimals as it has, at most two. */
function typedPercent(value: number, f: Formatter): string {
  const decimals = Math.min(2, (String(value).split(".")[1] ?? "").length);
  return f.percent(value / 100, decimals);
}

function discountText(d: DiscountSetting, t: TFunction, f: Formatter): string {
  if (d.type === "none" || d.value <= 0) return t("variantChange.noDiscount");
  return t("variantChange.off", { amount: d.type === "percent" ? typedPercent(d.value, f) : f.money(d.value) });
}

/** A variant's change as one line, e.g. "Discount: 10 % off → 15 % off". */
export function variantChangeText(c: VariantChange, t: TFunction, f: Formatter): string {
  switch (c.kind) {
    case "headline":
      return t("variantChange.headline", { text: c.text });
    case "body":
      return t("variantChange.body", { text: c.text });
    case "itemsMined":
      return t("variantChange.itemsMined");
    case "items":
      return t("variantChange.items", { titles: c.titles.join(", ") });
    case "shows":
      return t("variantChange.shows", { count: c.count, n: f.count(c.count) });
    case "discount":
      return c.from
        ? t("variantChange.discountFrom", { from: discountText(c.from, t, f), to: discountText(c.to, t, f) })
        : t("variantChange.discount", { to: discountText(c.to, t, f) });
    case "layout":
      return t("variantChange.layout", {
        layout: c.layout === "grid" || c.layout === "list" ? t(`variantChange.layoutName.${c.layout}`) : c.layout,
      });
    case "hide":
      return t("variantChange.hide");
  }
}

/** A guardrail's reading of one variant against the control (domain/experiments readout). */
export interface GuardrailReading {
  name: string;
  detail: string;
  /** refund rate (0..1) or average order value (cents) of the variant and of the control */
  variantValue?: number;
  controlValue?: number;
}

/** "refund rate 2.1% vs 1.8% in the control", by the page's locale. */
export function guardrailText(g: GuardrailReading, t: TFunction, f: Formatter): string {
  if (g.variantValue === undefined || g.controlValue === undefined) return translateMessage(t, g.detail);
  const value = (x: number) => (g.name === "refund_rate" ? f.percent(x) : f.money(Math.round(x)));
  const key = g.name === "refund_rate" ? "guardrailDetail.refund_rate" : "guardrailDetail.aov";
  return t(key, { variant: value(g.variantValue), control: value(g.controlValue) });
}

/** Why a customer is followed up with a product (services/admin/customers.server.ts). */
export interface FollowUpWhy {
  kind: "complement" | "replenishment" | "upgrade" | "popular";
  /** the product bought before, by title (complement, upgrade) */
  product: string | null;
  /** when it was bought, ISO */
  boughtAt: string | null;
  /** when a consumable is due again, ISO (replenishment) */
  dueAt: string | null;
}

/** "Goes with Trailhead tent bought on Nov 1, 2026", by the page's locale. */
export function followUpReasonText(why: FollowUpWhy, t: TFunction, f: Formatter): string {
  const values = { product: why.product ?? "", date: f.day(why.boughtAt), due: f.day(why.dueAt) };
  switch (why.kind) {
    case "complement":
      return t("followUpReason.complement", values);
    case "replenishment":
      return why.dueAt ? t("followUpReason.replenishment", values) : t("followUpReason.replenishmentNoDue", values);
    case "upgrade":
      return t("followUpReason.upgrade", values);
    default:
      return t("followUpReason.popular");
  }
}
