// Checkout discounts: whether Shopify grants Pairwise's offer and bundle discounts now (and if not
// why), which other discounts they combine with, and the rules Shopify holds.
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { useActionData, useLoaderData, useNavigation, useSubmit } from "@remix-run/react";
import { Badge, Banner, BlockStack, Button, Card, Checkbox, InlineStack, Layout, Page, Text } from "@shopify/polaris";
import { useEffect, useState } from "react";
import { PageLoading } from "../components/PageLoading";
import { RouteError } from "../components/RouteError";
import { useToast } from "../components/useToast";
import db from "../db.server";
import { discountSettingsSchema } from "../lib/forms/discounts";
import { readInput } from "../lib/forms/input";
import { compileShopDiscounts, getDiscountState, rulesChanged } from "../services/discounts/index.server";
import { authenticate } from "../shopify.server";

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const [state, shop, compiled] = await Promise.all([
    getDiscountState(session.shop),
    db.shop.findUniqueOrThrow({
      where: { domain: session.shop },
      select: {
        discountCombinesWithOrder: true,
        discountCombinesWithProduct: true,
        discountCombinesWithShipping: true,
        cartTransformId: true,
        cartTransformError: true,
      },
    }),
    compileShopDiscounts(session.shop),
  ]);
  const held = state.config;
  return {
    live: state.live,
    reason: state.reason,
    status: state.status,
    syncedAt: state.syncedAt?.toISOString() ?? null,
    upToDate: !!held && JSON.stringify(held) === compiled.json,
    held: held
      ? { offers: held.o.length, bundles: held.b.length, bytes: Buffer.byteLength(JSON.stringify(held)) }
      : null,
    pending: {
      offers: compiled.config.o.length,
      bundles: compiled.config.b.length,
      bytes: Buffer.byteLength(compiled.json),
    },
    cartTransform: { exists: !!shop.cartTransformId, error: shop.cartTransformError },
    combinesWith: {
      order: shop.discountCombinesWithOrder,
      product: shop.discountCombinesWithProduct,
      shipping: shop.discountCombinesWithShipping,
    },
  };
};

export const action = async ({ request }: ActionFunctionArgs) => {
  const { session, admin } = await authenticate.admin(request);
  const parsed = discountSettingsSchema.safeParse(await readInput(request));
  if (!parsed.success) return Response.json({ ok: false, message: "Unknown action" }, { status: 400 });
  if (parsed.data.intent === "save") {
    await db.shop.update({
      where: { domain: session.shop },
      data: {
        discountCombinesWithOrder: parsed.data.combinesWithOrder,
        discountCombinesWithProduct: parsed.data.combinesWithProduct,
        discountCombinesWithShipping: parsed.data.combinesWithShipping,
      },
    });
  }
  const state = await rulesChanged(session.shop, admin);
  const saved = parsed.data.intent === "save" ? "Settings saved" : "Rules written";
  return Response.json({
    ok: !state.reason || state.live,
    message: state.live ? `${saved}: live at checkout` : `${saved}. Not live at checkout: ${state.reason}`,
  });
};

export default function Discounts() {
  const data = useLoaderData<typeof loader>();
  const actionData = useActionData<{ ok: boolean; message: string }>();
  const submit = useSubmit();
  const busy = useNavigation().state !== "idle";
  const { show, toastMarkup } = useToast();
  const [order, setOrder] = useState(data.combinesWith.order);
  const [product, setProduct] = useState(data.combinesWith.product);
  const [shipping, setShipping] = useState(data.combinesWith.shipping);
  useEffect(() => {
    if (actionData?.message) show(actionData.message, { error: !actionData.ok });
  }, [actionData, show]);
  const post = (body: Record<string, unknown>) =>
    submit(body as never, { method: "post", encType: "application/json" });
  return (
    <Page title="Checkout discounts" subtitle="Offer and bundle savings granted by Pairwise's discount function.">
      <PageLoading />
      <Layout>
        <Layout.Section>
          <BlockStack gap="400">
            <Card>
              <BlockStack gap="300">
                <InlineStack gap="200" blockAlign="center">
                  <Text as="h2" variant="headingMd">
                    Pairwise discount
                  </Text>
                  {data.live ? (
                    <Badge tone="success">Live at checkout</Badge>
                  ) : (
                    <Badge tone="attention">Not active</Badge>
                  )}
                </InlineStack>
                {data.live ? (
                  <Text as="p">
                    Shopify grants the discounts of {data.held?.offers ?? 0}{" "}
                    {data.held?.offers === 1 ? "offer" : "offers"} and {data.held?.bundles ?? 0}{" "}
                    {data.held?.bundles === 1 ? "bundle" : "bundles"} at checkout. A line added from an offer is
                    discounted only while the offer&apos;s trigger is in the cart; a bundle per complete set.
                  </Text>
                ) : (
                  <Banner tone="warning">
                    <p>
                      {data.reason} Until it is live, the storefront and checkout show regular prices and no saving.
                    </p>
                  </Banner>
                )}
                {data.live && data.reason ? <Banner tone="warning">{data.reason}</Banner> : null}
                <Text as="p" tone="subdued" variant="bodySm">
                  {data.syncedAt
                    ? `Rules last written ${new Date(data.syncedAt).toLocaleString()}`
                    : "Rules not written yet"}{" "}
                  · {data.upToDate ? "current" : "changes waiting"} · {data.pending.bytes.toLocaleString()} bytes for{" "}
                  {data.pending.offers} {data.pending.offers === 1 ? "offer" : "offers"} and {data.pending.bundles}{" "}
                  {data.pending.bundles === 1 ? "bundle" : "bundles"} (Shopify reads at most 64,000 bytes per checkout,
                  cart included)
                  {data.cartTransform.exists ? " · bundle lines merged by the cart transform" : ""}
                  {data.cartTransform.error ? ` · cart transform: ${data.cartTransform.error}` : ""}
                </Text>
                <InlineStack>
                  <Button disabled={busy} onClick={() => post({ intent: "sync" })}>
                    Write rules to Shopify now
                  </Button>
                </InlineStack>
              </BlockStack>
            </Card>
            <Card>
              <BlockStack gap="300">
                <Text as="h2" variant="headingMd">
                  Combinations
                </Text>
                <Text as="p" tone="subdued">
                  Whether a shopper who gets a Pairwise saving can also use your other discounts on the same order.
                </Text>
                <Checkbox label="Combine with other product discounts" checked={product} onChange={setProduct} />
                <Checkbox label="Combine with order discounts" checked={order} onChange={setOrder} />
                <Checkbox label="Combine with shipping discounts" checked={shipping} onChange={setShipping} />
                <InlineStack>
                  <Button
                    variant="primary"
                    loading={busy}
                    onClick={() =>
                      post({
                        intent: "save",
                        combinesWithOrder: order,
                        combinesWithProduct: product,
                        combinesWithShipping: shipping,
                      })
                    }
                  >
                    Save
                  </Button>
                </InlineStack>
              </BlockStack>
            </Card>
          </BlockStack>
        </Layout.Section>
      </Layout>
      {toastMarkup}
    </Page>
  );
}

export function ErrorBoundary() {
  return <RouteError title="discounts" />;
}
