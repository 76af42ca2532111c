// The `shopify` global of each target, per module (the shape Shopify CLI generates).
import "@shopify/ui-extensions";

//@ts-expect-error the module declares the global of its target
declare module "./src/Checkout.tsx" {
  const shopify: import("@shopify/ui-extensions/purchase.checkout.cart-line-list.render-after").Api;
  const globalThis: { shopify: typeof shopify };
}

//@ts-expect-error the module declares the global of its target
declare module "./src/ThankYou.tsx" {
  const shopify: import("@shopify/ui-extensions/purchase.thank-you.block.render").Api;
  const globalThis: { shopify: typeof shopify };
}
