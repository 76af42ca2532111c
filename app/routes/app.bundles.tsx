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
import { decimal, percent } from "../components/format";
import { ProductPicker, type PickedProduct } from "../components/ProductPicker";
import { PageLoading } from "../components/PageLoading";
import { RouteError } from "../components/RouteError";
import { StatusBadge } from "../components/StatusBadge";
import { useToast } from "../components/useToast";
import { bundleActionSchema, bundleInputSchema } from "../lib/forms/bundle";
import { fieldErrors, readInput } from "../lib/forms/input";
import { formatMoney } from "../lib/money";
import {
  createBundle,
  deleteBundle,
  listBundles,
  proposeBundles,
  setBundleStatus,
  updateBundle,
} from "../services/admin/bundles.server";
import { getDiscountState, rulesChanged } from "../services/discounts/index.server";
import { shopMoneyFormat } from "../services/admin/settings.server";
import { authenticate } from "../shopify.server";

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const discount = await getDiscountState(session.shop);
  const [bundles, proposals, moneyFormat] = await Promise.all([
    listBundles(session.shop, discount),
    proposeBundles(session.shop),
    shopMoneyFormat(session.shop),
  ]);
  return { bundles, proposals, moneyFormat, discount: { live: discount.live, reason: discount.reason } };
};

export const action = async ({ request }: ActionFunctionArgs) => {
  const { session, admin } = await authenticate.admin(request);
  const parsed = bundleActionSchema.safeParse(await readInput(request));
  if (!parsed.success) return Response.json({ ok: false, message: "Unknown action" }, { status: 400 });
  const a = parsed.data;
  if (a.intent === "create" || a.intent === "update") {
    const bundle = bundleInputSchema.safeParse(a.bundle);
    if (!bundle.success)
      return Response.json(
        { ok: false, errors: fieldErrors(bundle.error), message: "Fix the highlighted fields" },
        { status: 400 },
      );
    if (a.intent === "create") await createBundle(session.shop, bundle.data);
    else if (!(await updateBundle(session.shop, a.id, bundle.data)))
      throw new Response("Bundle not found", { status: 404 });
    await rulesChanged(session.shop, admin);
    return Response.json({ ok: true, message: a.intent === "create" ? "Bundle created" : "Bundle saved" });
  }
  const found =
    a.intent === "delete"
      ? await deleteBundle(session.shop, a.id)
      : await setBundleStatus(session.shop, a.id, a.intent === "activate" ? "active" : "paused");
  if (!found) throw new Response("Bundle not found", { status: 404 });
  await rulesChanged(session.shop, admin);
  return Response.json({
    ok: true,
    message: a.intent === "delete" ? "Bundle deleted" : a.intent === "activate" ? "Bundle activated" : "Bundle paused",
  });
};

type ActionData = { ok: boolean; message?: string; errors?: Record<string, string> };

export default function Bundles() {
  const { bundles, proposals, moneyFormat, discount } = useLoaderData<typeof loader>();
  const actionData = useActionData<ActionData>();
  const submit = useSubmit();
  const navigation = useNavigation();
  const { show, toastMarkup } = useToast();
  const [creating, setCreating] = useState(false);
  const [editing, setEditing] = useState<(typeof bundles)[number] | null>(null);
  const money = (c: number) => formatMoney(c, moneyFormat);
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
      title="Bundles"
      subtitle="Products sold together at a discount."
      primaryAction={{ content: "Create bundle", onAction: () => setCreating(true) }}
    >
      <PageLoading />
      <Layout>
        <Layout.Section>
          <BlockStack gap="400">
            {bundles.length > 0 && !discount.live ? (
              <Banner tone="warning" title="Bundle discounts are not granted at checkout yet">
                <p>{discount.reason} Until then the storefront shows regular prices and no saving.</p>
              </Banner>
            ) : null}
            {bundles.length === 0 ? (
              <Card>
                <EmptyState
                  heading="No bundles yet"
                  action={{ content: "Create bundle", onAction: () => setCreating(true) }}
                  image={EMPTY_STATE_IMAGE}
                >
                  <p>
                    “Buy together, save 10%” raises order value without marking products down one by one. Start from a
                    proposal below or build your own.
                  </p>
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
                        {b.source === "mined" ? <Badge tone="info">From your orders</Badge> : null}
                        {b.checkout?.live ? (
                          <Badge tone="success">Live at checkout</Badge>
                        ) : (
                          <Badge tone="attention">Not at checkout</Badge>
                        )}
                      </InlineStack>
                      <InlineStack gap="200">
                        <Button disabled={busy} onClick={() => setEditing(b)} accessibilityLabel={`Edit ${b.title}`}>
                          Edit
                        </Button>
                        <Button
                          disabled={busy}
                          onClick={() => post({ intent: b.status === "active" ? "pause" : "activate", id: b.id })}
                          accessibilityLabel={`${b.status === "active" ? "Pause" : "Activate"} ${b.title}`}
                        >
                          {b.status === "active" ? "Pause" : "Activate"}
                        </Button>
                        <Button
                          disabled={busy}
                          tone="critical"
                          variant="plain"
                          onClick={() => post({ intent: "delete", id: b.id })}
                          accessibilityLabel={`Delete ${b.title}`}
                        >
                          Delete
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
                          Bundle price {money(b.price.discounted)}{" "}
                          <s style={{ fontWeight: 400 }}>{money(b.price.total)}</s> · saves {money(b.price.saving)} (
                          {percent(b.price.savingRate, 0)})
                        </>
                      ) : b.price.saving > 0 ? (
                        <>
                          Bundle price {money(b.price.total)} · configured saving {money(b.price.saving)} (
                          {percent(b.price.savingRate, 0)}), not granted yet
                        </>
                      ) : (
                        <>Bundle price {money(b.price.total)} (no discount)</>
                      )}
                    </Text>
                    {b.checkout && !b.checkout.live && b.checkout.reason ? (
                      <Text as="p" tone="subdued" variant="bodySm">
                        {b.checkout.reason}
                      </Text>
                    ) : null}
                    <Text as="p" tone="subdued" variant="bodySm">
                      {b.presentation === "merged" && b.mergedProduct
                        ? `Shown in the cart as one line: ${b.mergedProduct.title}`
                        : "Shown in the cart as its products' lines"}
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
                Frequently bought together
              </Text>
              <Text as="p" tone="subdued" variant="bodySm">
                Sets of products your customers buy in the same order far more often than by chance (lift ≥ 1.5,
                confidence ≥ 10%).
              </Text>
              {proposals.length === 0 ? (
                <Text as="p" tone="subdued">
                  No proposals yet: they appear once mined pairs are strong enough.
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
                        Lift {decimal(p.lift)} · confidence {percent(p.confidence)} · {p.orders} orders · 10% off:{" "}
                        {money(p.price.discounted)} instead of {money(p.price.total)}
                      </Text>
                      <InlineStack>
                        <Button
                          disabled={busy}
                          accessibilityLabel={`Create bundle ${p.title}`}
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
                          Create bundle
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
  const label = editing ? "Save bundle" : "Create bundle";
  return (
    <Modal
      open
      onClose={onClose}
      title={editing ? `Edit ${start.title}` : "Create bundle"}
      primaryAction={{ content: label, onAction: submitBundle, loading: busy }}
      secondaryActions={[{ content: "Cancel", onAction: onClose }]}
    >
      <Modal.Section>
        <FormLayout>
          {errors.form ? <Banner tone="critical">{errors.form}</Banner> : null}
          <TextField label="Bundle title" value={title} onChange={setTitle} autoComplete="off" error={errors.title} />
          <ProductPicker
            label="Products in the bundle"
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
                  label={`Quantity of ${p.title}`}
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
              label="Bundle discount"
              options={[
                { label: "No discount", value: "none" },
                { label: "Percentage", value: "percent" },
                { label: "Fixed amount", value: "fixed" },
              ]}
              value={discountType}
              onChange={setDiscountType}
            />
            {discountType !== "none" ? (
              <TextField
                label={discountType === "percent" ? "Percent off the bundle" : "Amount off the bundle"}
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
            label="In the cart"
            options={[
              { label: "Each product on its own line", value: "components" },
              { label: "One bundle line with the bundle's title and image", value: "merged" },
            ]}
            value={presentation}
            onChange={setPresentation}
            helpText={
              presentation === "merged"
                ? "Shopify shows a merged line as a product of your shop: choose the product that stands for this bundle (its title and image are shown; the price stays the sum of the components, less the bundle discount)."
                : "Shoppers see every product of the bundle in their cart, with the bundle saving on each line."
            }
          />
          {presentation === "merged" ? (
            <ProductPicker
              label="Bundle product"
              selected={mergedProduct}
              onChange={setMergedProduct}
              error={errors.mergedProductId}
              max={1}
              buttonLabel="Choose product"
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
