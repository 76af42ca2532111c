// Bundles: fixed bundles (components, quantities, discount, one cart line or several) and
// "frequently bought together" bundles proposed from the mined pairs, created with one click and
// editable. Each bundle says whether its discount is granted at checkout now, and if not why.
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { useActionData, useLoaderData, useNavigation, useSubmit } from "@remix-run/react";
import {
  Badge,
  Banner,
  BlockStack,
  Box,
  Button,
  Card,
  EmptyState,
  FormLayout,
  InlineGrid,
  InlineStack,
  Layout,
  Modal,
  Page,
  Select,
  Text,
  TextField,
} from "@shopify/polaris";
import { useEffect, useState } from "react";
import { EMPTY_STATE_IMAGE } from "../components/empty-state-image";
import { useTranslation } from "react-i18next";
import { useFormat } from "../components/format";
import { tFor } from "../i18n/i18n";
import { requestLocale } from "../i18n/locale.server";
import { translateErrors, translatedReason } from "../i18n/messages";
import { ProductPicker, type PickedProduct } from "../components/ProductPicker";
import { PageLoading } from "../components/PageLoading";
import { RouteError } from "../components/RouteError";
import { StatusBadge } from "../components/StatusBadge";
import { useToast } from "../components/useToast";
import { bundleActionSchema, bundleInputSchema } from "../lib/forms/bundle";
import { fieldErrors, readInput } from "../lib/forms/input";
import {
  createBundle,
  deleteBundle,
  listBundles,
  proposeBundles,
  setBundleStatus,
  updateBundle,
} from "../services/admin/bundles.server";
import { getDiscountState, rulesChanged } from "../services/discounts/index.server";
import { authenticate } from "../shopify.server";

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const t = tFor(requestLocale(request));
  const discount = await getDiscountState(session.shop);
  const [bundles, proposals] = await Promise.all([listBundles(session.shop, discount), proposeBundles(session.shop)]);
  return {
    bundles: bundles.map((b) => (b.checkout ? { ...b, checkout: translatedReason(b.checkout, t) } : b)),
    proposals,
    discount: translatedReason({ live: discount.live, reason: discount.reason }, t),
  };
};

export const action = async ({ request }: ActionFunctionArgs) => {
  const { session, admin } = await authenticate.admin(request);
  const t = tFor(requestLocale(request));
  const parsed = bundleActionSchema.safeParse(await readInput(request));
  if (!parsed.success) return Response.json({ ok: false, message: t("messages.unknownAction") }, { status: 400 });
  const a = parsed.data;
  if (a.intent === "create" || a.intent === "update") {
    const bundle = bundleInputSchema.safeParse(a.bundle);
    if (!bundle.success)
      return Response.json(
        { ok: false, errors: translateErrors(t, fieldErrors(bundle.error)), message: t("offer.toast.fixFields") },
        { status: 400 },
      );
    if (a.intent === "create") await createBundle(session.shop, bundle.data);
    else if (!(await updateBundle(session.shop, a.id, bundle.data)))
      throw new Response(t("bundles.notFound"), { status: 404 });
    await rulesChanged(session.shop, admin);
    return Response.json({
      ok: true,
      message: a.intent === "create" ? t("bundles.toast.created") : t("bundles.toast.saved"),
    });
  }
  const found =
    a.intent === "delete"
      ? await deleteBundle(session.shop, a.id)
      : await setBundleStatus(session.shop, a.id, a.intent === "activate" ? "active" : "paused");
  if (!found) throw new Response(t("bundles.notFound"), { status: 404 });
  await rulesChanged(session.shop, admin);
  return Response.json({
    ok: true,
    message:
      a.intent === "delete"
        ? t("bundles.toast.deleted")
        : a.intent === "activate"
          ? t("bundles.toast.activated")
          : t("bundles.toast.paused"),
  });
};

type ActionData = { ok: boolean; message?: string; errors?: Record<string, string> };

export default function Bundles() {
  const { bundles, proposals, discount } = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  const { decimal, percent, money } = useFormat();
  const actionData = useActionData<ActionData>();
  const submit = useSubmit();
  const navigation = useNavigation();
  const { show, toastMarkup } = useToast();
  const [creating, setCreating] = useState(false);
  const [editing, setEditing] = useState<(typeof bundles)[number] | null>(null);
  const busy = navigation.state !== "idle";

  useEffect(() => {
    if (!actionData?.message) return;
    show(actionData.message, { error: !actionData.ok });
    if (actionData.ok) {
      setCreating(false);
      setEditing(null);
    }
  }, [actionData, show]);

  const post = (body: Record<string, unknown>) =>
    submit(body as never, { method: "post", encType: "application/json" });

  return (
    <Page
      title={t("nav.bundles")}
      subtitle={t("bundles.subtitle")}
      primaryAction={{ content: t("bundles.create"), onAction: () => setCreating(true) }}
    >
      <PageLoading />
      <Layout>
        <Layout.Section>
          <BlockStack gap="400">
            {bundles.length > 0 && !discount.live ? (
              <Banner tone="warning" title={t("bundles.notGranted.title")}>
                <p>
                  {discount.reason} {t("bundles.notGranted.body")}
                </p>
              </Banner>
            ) : null}
            {bundles.length === 0 ? (
              <Card>
                <EmptyState
                  heading={t("bundles.empty.heading")}
                  action={{ content: t("bundles.create"), onAction: () => setCreating(true) }}
                  image={EMPTY_STATE_IMAGE}
                >
                  <p>{t("bundles.empty.body")}</p>
                </EmptyState>
              </Card>
            ) : (
              bundles.map((b) => (
                <Card key={b.id}>
                  <BlockStack gap="200">
                    <InlineStack align="space-between" blockAlign="center" gap="200">
                      <InlineStack gap="200" blockAlign="center">
                        <Text as="h2" variant="headingMd">
                          {b.title}
                        </Text>
                        <StatusBadge status={b.status} />
                        {b.source === "mined" ? <Badge tone="info">{t("bundles.fromOrders")}</Badge> : null}
                        {b.checkout?.live ? (
                          <Badge tone="success">{t("checkout.live")}</Badge>
                        ) : (
                          <Badge tone="attention">{t("bundles.notAtCheckout")}</Badge>
                        )}
                      </InlineStack>
                      <InlineStack gap="200">
                        <Button
                          disabled={busy}
                          onClick={() => setEditing(b)}
                          accessibilityLabel={t("bundles.editNamed", { title: b.title })}
                        >
                          {t("common.edit")}
                        </Button>
                        <Button
                          disabled={busy}
                          onClick={() => post({ intent: b.status === "active" ? "pause" : "activate", id: b.id })}
                          accessibilityLabel={`${b.status === "active" ? t("offer.pause") : t("offer.activate")} ${b.title}`}
                        >
                          {b.status === "active" ? t("offer.pause") : t("offer.activate")}
                        </Button>
                        <Button
                          disabled={busy}
                          tone="critical"
                          variant="plain"
                          onClick={() => post({ intent: "delete", id: b.id })}
                          accessibilityLabel={`${t("common.delete")} ${b.title}`}
                        >
                          {t("common.delete")}
                        </Button>
                      </InlineStack>
                    </InlineStack>
                    <BlockStack gap="100">
                      {b.components.map((c) => (
                        <InlineStack key={c.productId} align="space-between">
                          <Text as="span">
                            {c.quantity} × {c.title}
                          </Text>
                          <Text as="span" tone="subdued">
                            {c.price == null ? "—" : money(c.price * c.quantity)}
                          </Text>
                        </InlineStack>
                      ))}
                    </BlockStack>
                    <Text as="p" fontWeight="semibold">
                      {b.price.saving > 0 && b.checkout?.live ? (
                        <>
                          {t("bundles.price", { price: money(b.price.discounted) })}{" "}
                          <s style={{ fontWeight: 400 }}>{money(b.price.total)}</s> ·{" "}
                          {t("bundles.saves", { saving: money(b.price.saving), rate: percent(b.price.savingRate, 0) })}
                        </>
                      ) : b.price.saving > 0 ? (
                        <>
                          {t("bundles.price", { price: money(b.price.total) })} ·{" "}
                          {t("bundles.configuredSaving", {
                            saving: money(b.price.saving),
                            rate: percent(b.price.savingRate, 0),
                          })}
                        </>
                      ) : (
                        <>{t("bundles.priceNoDiscount", { price: money(b.price.total) })}</>
                      )}
                    </Text>
                    {b.checkout && !b.checkout.live && b.checkout.reason ? (
                      <Text as="p" tone="subdued" variant="bodySm">
                        {b.checkout.reason}
                      </Text>
                    ) : null}
                    <Text as="p" tone="subdued" variant="bodySm">
                      {b.presentation === "merged" && b.mergedProduct
                        ? t("bundles.shownMerged", { title: b.mergedProduct.title })
                        : t("bundles.shownComponents")}
                    </Text>
                  </BlockStack>
                </Card>
              ))
            )}
          </BlockStack>
        </Layout.Section>
        <Layout.Section variant="oneThird">
          <Card>
            <BlockStack gap="300">
              <Text as="h2" variant="headingMd">
                {t("bundles.proposals.title")}
              </Text>
              <Text as="p" tone="subdued" variant="bodySm">
                {t("bundles.proposals.body", { lift: decimal(1.5, 1), confidence: percent(0.1, 0) })}
              </Text>
              {proposals.length === 0 ? (
                <Text as="p" tone="subdued">
                  {t("bundles.proposals.none")}
                </Text>
              ) : (
                proposals.map((p) => (
                  <Box
                    key={p.productIds.join("|")}
                    padding="300"
                    borderWidth="025"
                    borderColor="border"
                    borderRadius="200"
                  >
                    <BlockStack gap="200">
                      <Text as="p" fontWeight="semibold">
                        {p.title}
                      </Text>
                      <Text as="p" variant="bodySm" tone="subdued">
                        {t("bundles.proposals.figures", {
                          count: p.orders,
                          lift: decimal(p.lift),
                          confidence: percent(p.confidence),
                          orders: p.orders,
                          off: percent(0.1, 0),
                          discounted: money(p.price.discounted),
                          total: money(p.price.total),
                        })}
                      </Text>
                      <InlineStack>
                        <Button
                          disabled={busy}
                          accessibilityLabel={`${t("bundles.create")} ${p.title}`}
                          onClick={() =>
                            post({
                              intent: "create",
                              bundle: {
                                title: p.title,
                                source: "mined",
                                discountType: "percent",
                                discountValue: 10,
                                components: p.productIds.map((productId) => ({ productId, quantity: 1 })),
                              },
                            })
                          }
                        >
                          {t("bundles.create")}
                        </Button>
                      </InlineStack>
                    </BlockStack>
                  </Box>
                ))
              )}
            </BlockStack>
          </Card>
        </Layout.Section>
      </Layout>
      {creating ? (
        <BundleModal
          onClose={() => setCreating(false)}
          onSubmit={(bundle) => post({ intent: "create", bundle })}
          errors={actionData?.errors}
          busy={busy}
        />
      ) : null}
      {editing ? (
        <BundleModal
          key={editing.id}
          initial={{
            title: editing.title,
            products: editing.components.map((c) => ({ id: c.productId, title: c.title, price: c.price })),
            quantities: Object.fromEntries(editing.components.map((c) => [c.productId, String(c.quantity)])),
            discountType: editing.discountType,
            discountValue:
              editing.discountType === "fixed" ? String(editing.discountValue / 100) : String(editing.discountValue),
            presentation: editing.presentation,
            mergedProduct: editing.mergedProduct
              ? [{ id: editing.mergedProduct.id, title: editing.mergedProduct.title }]
              : [],
          }}
          onClose={() => setEditing(null)}
          onSubmit={(bundle) =>
            post({ intent: "update", id: editing.id, bundle: { ...bundle, source: editing.source } })
          }
          errors={actionData?.errors}
          busy={busy}
        />
      ) : null}
      {toastMarkup}
    </Page>
  );
}

interface BundleFormInitial {
  title: string;
  products: PickedProduct[];
  quantities: Record<string, string>;
  discountType: string;
  discountValue: string;
  presentation: "components" | "merged";
  mergedProduct: PickedProduct[];
}

const NEW_BUNDLE: BundleFormInitial = {
  title: "",
  products: [],
  quantities: {},
  discountType: "percent",
  discountValue: "10",
  presentation: "components",
  mergedProduct: [],
};

function BundleModal({
  initial,
  onClose,
  onSubmit,
  errors = {},
  busy,
}: {
  initial?: BundleFormInitial;
  onClose: () => void;
  onSubmit: (bundle: Record<string, unknown>) => void;
  errors?: Record<string, string>;
  busy: boolean;
}) {
  const { t } = useTranslation();
  const start = initial ?? NEW_BUNDLE;
  const editing = !!initial;
  const [title, setTitle] = useState(start.title);
  const [products, setProducts] = useState<PickedProduct[]>(start.products);
  const [quantities, setQuantities] = useState<Record<string, string>>(start.quantities);
  const [discountType, setDiscountType] = useState(start.discountType);
  const [discountValue, setDiscountValue] = useState(start.discountValue);
  const [presentation, setPresentation] = useState<string>(start.presentation);
  const [mergedProduct, setMergedProduct] = useState<PickedProduct[]>(start.mergedProduct);
  const submitBundle = () =>
    onSubmit({
      title,
      discountType,
      discountValue,
      presentation,
      mergedProductId: presentation === "merged" ? (mergedProduct[0]?.id ?? "") : "",
      components: products.map((p) => ({ productId: p.id, quantity: quantities[p.id] || "1" })),
    });
  const label = editing ? t("bundles.saveBundle") : t("bundles.create");
  return (
    <Modal
      open
      onClose={onClose}
      title={editing ? t("bundles.editNamed", { title: start.title }) : t("bundles.create")}
      primaryAction={{ content: label, onAction: submitBundle, loading: busy }}
      secondaryActions={[{ content: t("common.cancel"), onAction: onClose }]}
    >
      <Modal.Section>
        <FormLayout>
          {errors.form ? <Banner tone="critical">{errors.form}</Banner> : null}
          <TextField
            label={t("bundles.form.title")}
            value={title}
            onChange={setTitle}
            autoComplete="off"
            error={errors.title}
          />
          <ProductPicker
            label={t("bundles.form.products")}
            selected={products}
            onChange={setProducts}
            error={errors.components}
            max={6}
          />
          {products.length > 0 ? (
            <InlineGrid columns={{ xs: 1, sm: 2 }} gap="200">
              {products.map((p) => (
                <TextField
                  key={p.id}
                  label={t("bundles.form.quantityOf", { title: p.title })}
                  type="number"
                  min={1}
                  max={99}
                  value={quantities[p.id] ?? "1"}
                  onChange={(v) => setQuantities((q) => ({ ...q, [p.id]: v }))}
                  autoComplete="off"
                />
              ))}
            </InlineGrid>
          ) : null}
          <FormLayout.Group>
            <Select
              label={t("bundles.form.discount")}
              options={[
                { label: t("offerForm.noDiscount"), value: "none" },
                { label: t("offerForm.percentage"), value: "percent" },
                { label: t("offerForm.fixedAmount"), value: "fixed" },
              ]}
              value={discountType}
              onChange={setDiscountType}
            />
            {discountType !== "none" ? (
              <TextField
                label={discountType === "percent" ? t("bundles.form.percentOff") : t("bundles.form.amountOff")}
                type="number"
                min={0}
                value={discountValue}
                onChange={setDiscountValue}
                autoComplete="off"
                error={errors.discountValue}
              />
            ) : null}
          </FormLayout.Group>
          <Select
            label={t("bundles.form.inCart")}
            options={[
              { label: t("bundles.form.components"), value: "components" },
              { label: t("bundles.form.merged"), value: "merged" },
            ]}
            value={presentation}
            onChange={setPresentation}
            helpText={presentation === "merged" ? t("bundles.form.mergedHelp") : t("bundles.form.componentsHelp")}
          />
          {presentation === "merged" ? (
            <ProductPicker
              label={t("bundles.form.bundleProduct")}
              selected={mergedProduct}
              onChange={setMergedProduct}
              error={errors.mergedProductId}
              max={1}
              buttonLabel={t("bundles.form.chooseProduct")}
            />
          ) : null}
        </FormLayout>
      </Modal.Section>
    </Modal>
  );
}

export function ErrorBoundary() {
  return <RouteError title="bundles" />;
}
