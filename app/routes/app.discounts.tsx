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
import { useTranslation } from "react-i18next";
import { useFormat } from "../components/format";
import { tFor } from "../i18n/i18n";
import { requestLocale } from "../i18n/locale.server";
import { translateMessage } from "../i18n/messages";

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
  const t = tFor(requestLocale(request));
  return {
    live: state.live,
    reason: state.reason ? translateMessage(t, state.reason) : null,
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
  const t = tFor(requestLocale(request));
  const parsed = discountSettingsSchema.safeParse(await readInput(request));
  if (!parsed.success) return Response.json({ ok: false, message: t("messages.unknownAction") }, { status: 400 });
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
  const saved = parsed.data.intent === "save" ? t("settings.saved") : t("discounts.rulesWritten");
  return Response.json({
    ok: !state.reason || state.live,
    message: state.live
      ? t("discounts.savedLive", { saved })
      : t("discounts.savedNotLive", { saved, reason: translateMessage(t, state.reason ?? "") }),
  });
};

export default function Discounts() {
  const data = useLoaderData<typeof loader>();
  const actionData = useActionData<{ ok: boolean; message: string }>();
  const submit = useSubmit();
  const busy = useNavigation().state !== "idle";
  const { show, toastMarkup } = useToast();
  const { t } = useTranslation();
  const { count, dateTime } = useFormat();
  const [order, setOrder] = useState(data.combinesWith.order);
  const [product, setProduct] = useState(data.combinesWith.product);
  const [shipping, setShipping] = useState(data.combinesWith.shipping);
  useEffect(() => {
    if (actionData?.message) show(actionData.message, { error: !actionData.ok });
  }, [actionData, show]);
  const post = (body: Record<string, unknown>) =>
    submit(body as never, { method: "post", encType: "application/json" });
  const offersAndBundles = (offers: number, bundles: number) =>
    t("discounts.offersAndBundles", {
      offers: t("discounts.offers", { count: offers }),
      bundles: t("discounts.bundles", { count: bundles }),
    });
  return (
    <Page title={t("nav.discounts")} subtitle={t("discounts.subtitle")}>
      <PageLoading />
      <Layout>
        <Layout.Section>
          <BlockStack gap="400">
            <Card>
              <BlockStack gap="300">
                <InlineStack gap="200" blockAlign="center">
                  <Text as="h2" variant="headingMd">
                    {t("discounts.pairwiseDiscount")}
                  </Text>
                  {data.live ? (
                    <Badge tone="success">{t("checkout.live")}</Badge>
                  ) : (
                    <Badge tone="attention">{t("discounts.notActive")}</Badge>
                  )}
                </InlineStack>
                {data.live ? (
                  <Text as="p">
                    {t("discounts.grants", { what: offersAndBundles(data.held?.offers ?? 0, data.held?.bundles ?? 0) })}
                  </Text>
                ) : (
                  <Banner tone="warning">
                    <p>
                      {data.reason} {t("discounts.untilLive")}
                    </p>
                  </Banner>
                )}
                {data.live && data.reason ? <Banner tone="warning">{data.reason}</Banner> : null}
                <Text as="p" tone="subdued" variant="bodySm">
                  {data.syncedAt
                    ? t("discounts.lastWritten", { at: dateTime(data.syncedAt) })
                    : t("discounts.notWritten")}{" "}
                  · {data.upToDate ? t("discounts.current") : t("discounts.waiting")} ·{" "}
                  {t("discounts.bytes", {
                    bytes: count(data.pending.bytes),
                    what: offersAndBundles(data.pending.offers, data.pending.bundles),
                    max: count(64000),
                  })}
                  {data.cartTransform.exists ? ` · ${t("discounts.merged")}` : ""}
                  {data.cartTransform.error
                    ? ` · ${t("discounts.cartTransformError", { error: data.cartTransform.error })}`
                    : ""}
                </Text>
                <InlineStack>
                  <Button disabled={busy} onClick={() => post({ intent: "sync" })}>
                    {t("discounts.writeNow")}
                  </Button>
                </InlineStack>
              </BlockStack>
            </Card>
            <Card>
              <BlockStack gap="300">
                <Text as="h2" variant="headingMd">
                  {t("discounts.combinations")}
                </Text>
                <Text as="p" tone="subdued">
                  {t("discounts.combinationsBody")}
                </Text>
                <Checkbox label={t("discounts.combineProduct")} checked={product} onChange={setProduct} />
                <Checkbox label={t("discounts.combineOrder")} checked={order} onChange={setOrder} />
                <Checkbox label={t("discounts.combineShipping")} checked={shipping} onChange={setShipping} />
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
                    {t("common.save")}
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
