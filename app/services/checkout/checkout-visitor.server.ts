// The storefront visitor of a checkout, by its token. Shopify's post-purchase input carries no cart
// attribute, only the purchase's reference id (the checkout token), so the visitor id the cart
// carried (`_pairwise_visitor`) is remembered when the app first sees the checkout: the checkout
// extension's offers request (its checkout token and visitor id) or the order's webhook (its
// checkout_token and note attribute). The post-purchase page then assigns experiment arms, the
// holdout and declines by the same visitor as the product page and the cart.
import db from "../../db.server";

const TOKEN = /^[A-Za-z0-9_-]{8,100}$/;
const VISITOR = /^[A-Za-z0-9_-]{8,64}$/;

/** Remembers the visitor of a checkout (first one wins: a later request cannot move a purchase to another arm). */
export async function rememberCheckoutVisitor(
  shop: string,
  checkoutToken: string | null | undefined,
  visitorId: string | null | undefined,
): Promise<void> {
  if (!checkoutToken || !visitorId || !TOKEN.test(checkoutToken) || !VISITOR.test(visitorId)) return;
  // a visitor derived from the checkout token itself (no cart attribute) says nothing new
  if (visitorId.startsWith("ck_")) return;
  try {
    await db.checkoutVisitor.upsert({
      where: { shop_checkoutToken: { shop, checkoutToken } },
      create: { shop, checkoutToken, visitorId },
      update: {},
    });
  } catch (error) {
    // two requests of one checkout at once: the other one stored it
    if ((error as { code?: string }).code !== "P2002") throw error;
  }
}

/** The storefront visitor of this checkout, or null when none was seen. */
export async function checkoutVisitor(shop: string, checkoutToken: string): Promise<string | null> {
  const row = await db.checkoutVisitor.findUnique({
    where: { shop_checkoutToken: { shop, checkoutToken } },
    select: { visitorId: true },
  });
  return row?.visitorId ?? null;
}
