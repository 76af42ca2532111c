// The experiments list names what each experiment runs on as data — the offer's name, else the
// placement it tests, else nothing for an offer since deleted — so the page words a placement in the
// admin's language ("Everything on the cart" / "Ganze Platzierung: Warenkorb"), through the real
// loader with a signed session token.
import { beforeAll, describe, expect, it } from "vitest";
import { useFreshDatabase } from "../../support/db";
import { adminRequest, installShop, routeArgs, SHOP_A, useTestShopifyEnv } from "../../support/shopify";

useTestShopifyEnv();
useFreshDatabase();
const { default: db } = await import("../../../app/db.server");
const list = await import("../../../app/routes/app.experiments._index");
const { tFor } = await import("../../../app/i18n/i18n");

beforeAll(async () => {
  await installShop(SHOP_A);
  const offer = await db.offer.create({ data: { shop: SHOP_A, name: "Tent kit", status: "active" } });
  const ended = { shop: SHOP_A, status: "ended", outcome: "stopped", startedAt: new Date(), endedAt: new Date() };
  await db.experiment.create({ data: { ...ended, name: "On the offer", offerId: offer.id } });
  await db.experiment.create({ data: { ...ended, name: "On the cart", placement: "cart" } });
  await db.experiment.create({ data: { ...ended, name: "Offer gone" } });
});

describe("the experiments list", () => {
  it("names the offer, the placement or neither, for the page to word", async () => {
    const data = (await list.loader(routeArgs(await adminRequest("/app/experiments", { shop: SHOP_A })) as never)) as {
      experiments: { name: string; offerName: string | null; placement: string | null }[];
    };
    const byName = Object.fromEntries(data.experiments.map((e) => [e.name, e]));
    expect(byName["On the offer"]).toMatchObject({ offerName: "Tent kit" });
    expect(byName["On the cart"]).toMatchObject({ offerName: null, placement: "cart" });
    expect(byName["Offer gone"]).toMatchObject({ offerName: null, placement: null });
    const word = (locale: "en" | "de") =>
      tFor(locale)("experimentTarget.placement", {
        placement: tFor(locale)(`experimentTarget.placementName.${byName["On the cart"].placement}`),
      });
    expect(word("en")).toBe("Everything on the cart");
    expect(word("de")).toBe("Ganze Platzierung: Warenkorb");
  });
});
