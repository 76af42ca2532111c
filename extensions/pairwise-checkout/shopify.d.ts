// The `shopify` global of each target, per module (the shape Shopify CLI generates).
import type { Api as CheckoutApi } from "@shopify/ui-extensions/purchase.checkout.cart-line-list.render-after";
import type { Api as ThankYouApi } from "@shopify/ui-extensions/purchase.thank-you.block.render";

//@ts-expect-error the module declares the global of its target
declare module "./src/Checkout.tsx" {
  const shopify: CheckoutApi;
  const globalThis: { shopify: typeof shopify };
}

//@ts-expect-error the module declares the global of its target
declare module "./src/ThankYou.tsx" {
  const shopify: ThankYouApi;
  const globalThis: { shopify: typeof shopify };
}
