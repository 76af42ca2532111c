// Pairwise's post-purchase extension (type checkout_post_purchase, @shopify/post-purchase-ui-extensions).
// ShouldRender asks the app whether there is an offer for this order and keeps the answer in the
// extension's storage; Render shows the offers one after another (render.ts).
import { extend } from "@shopify/post-purchase-ui-extensions";
import { fetchOffers } from "./api";
import { renderOffers } from "./render";

extend("Checkout::PostPurchase::ShouldRender", async ({ inputData, storage }) => {
  const answer = await fetchOffers(inputData.token, inputData.initialPurchase.referenceId);
  if (!answer || !answer.render || answer.offers.length === 0) return { render: false };
  await storage.update(answer);
  return { render: true };
});

extend("Checkout::PostPurchase::Render", (root, api) => renderOffers(root, api));
