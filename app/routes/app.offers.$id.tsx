// One offer: its figures, the editor, pause/activate and delete. Another shop's offer id is a 404.
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { useActionData, useLoaderData, useNavigate, useSearchParams, useSubmit } from "@remix-run/react";
import { Banner, BlockStack, InlineGrid, Modal, Page, Text } from "@shopify/polaris";
import { useEffect, useState } from "react";
import { z } from "zod";
import { count, percent } from "../components/format";
import { OfferFormFields, useOfferForm, useOfferSubmit, type OfferFormState } from "../components/OfferForm";
import { PageLoading } from "../components/PageLoading";
import { RouteError } from "../components/RouteError";
import { StatusBadge } from "../components/StatusBadge";
import { UnsavedChangesBar } from "../components/UnsavedChangesBar";
import { useToast } from "../components/useToast";
import { centsToInput, fieldErrors, readInput } from "../lib/forms/input";
import { OFFER_LIST_KEYS, offerInputSchema, TYPE_LABELS } from "../lib/forms/offer";
import { formatMoney } from "../lib/money";
import {
  catalogFacets,
  deleteOffers,
  getOffer,
  offerFigures,
  offerRefundWarning,
  productSummaries,
  setOfferStatus,
  updateOffer,
  type OfferRecord,
} from "../services/admin/offers.server";
import { describeFinding, eventIntegrity } from "../services/admin/event-integrity.server";
import { getDiscountState, offerCheckoutState, rulesChanged } from "../services/discounts/index.server";
import { shopMoneyFormat } from "../services/admin/settings.server";
import { authenticate } from "../shopify.server";
import { PlacementFiguresCard } from "../components/PlacementFiguresCard";
import { StatCard } from "../components/StatCard";
import { placementActivity, placementFiguresFor } from "../services/admin/placement-figures.server";

const notFound = () => new Response("Offer not found", { status: 404 });
const day = (d: Date | null) => (d ? d.toISOString().slice(0, 10) : "");

function toFormState(offer: OfferRecord, titles: Map<string, { title: string; price: number | null }>): OfferFormState {
  const picked = (ids: string[]) =>
    ids.map((id) => ({ id, title: titles.get(id)?.title ?? `Product ${id}`, price: titles.get(id)?.price ?? null }));
  return {
    name: offer.name,
    type: offer.type === "upsell" ? "upsell" : "cross_sell",
    status: offer.status === "active" || offer.status === "paused" ? offer.status : "draft",
    triggerType: offer.triggerType as OfferFormState["triggerType"],
    triggerProducts: offer.triggerType === "products" ? picked(offer.triggerValues) : [],
    triggerValues: offer.triggerType === "products" ? [] : offer.triggerValues,
    cartSubtotalMin: centsToInput(offer.cartSubtotalMin),
    cartSubtotalMax: centsToInput(offer.cartSubtotalMax),
    offerSource: offer.offerSource === "recommended" ? "recommended" : "manual",
    offeredProducts: picked(offer.offeredProductIds),
    minLift: offer.minLift == null ? "" : String(offer.minLift),
    placements: offer.placements,
    discountType: offer.discountType as OfferFormState["discountType"],
    discountValue:
      offer.discountType === "none"
        ? ""
        : offer.discountType === "fixed"
          ? centsToInput(offer.discountValue)
          : String(offer.discountValue),
    headline: offer.headline,
    body: offer.body,
    audience: offer.audience as OfferFormState["audience"],
    excludeHighReturn: offer.excludeHighReturn,
    startsAt: day(offer.startsAt),
    endsAt: day(offer.endsAt),
    priority: String(offer.priority),
    maxSuggestions: offer.maxSuggestions == null ? "" : String(offer.maxSuggestions),
  };
}

export const loader = async ({ request, params }: LoaderFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const offer = await getOffer(session.shop, params.id ?? "");
  if (!offer) throw notFound();
  const ids = [
    ...new Set([...(offer.triggerType === "products" ? offer.triggerValues : []), ...offer.offeredProductIds]),
  ];
  const now = Date.now();
  const [facets, moneyFormat, products, figures, placements, refunds, activity, integrity, discountState] =
    await Promise.all([
      catalogFacets(session.shop),
      shopMoneyFormat(session.shop),
      productSummaries(session.shop, ids),
      offerFigures(session.shop, [offer.id]),
      placementFiguresFor(session.shop, { from: new Date(0), to: new Date(), offerId: offer.id }),
      offerRefundWarning(session.shop, offer.id),
      placementActivity(session.shop),
      eventIntegrity(session.shop, new Date(now - 90 * 86_400_000), new Date(now)),
      getDiscountState(session.shop),
    ]);
  const suspect = integrity.offers.find((f) => f.key === offer.id);
  const titles = new Map(products.map((p) => [p.id, p]));
  return {
    id: offer.id,
    name: offer.name,
    status: offer.status,
    type: offer.type,
    initial: toFormState(offer, titles),
    facets,
    moneyFormat,
    prices: Object.fromEntries(products.map((p) => [p.id, p.price])),
    checkout: offerCheckoutState(offer, discountState),
    figures: figures.get(offer.id)!,
    placements,
    refunds,
    placementActivity: activity,
    forgedEvents: suspect ? describeFinding(suspect) : null,
  };
};

const intentSchema = z.object({ intent: z.enum(["save", "activate", "pause", "delete"]).catch("save") });

export const action = async ({ request, params }: ActionFunctionArgs) => {
  const { session, admin } = await authenticate.admin(request);
  const id = params.id ?? "";
  const input = await readInput(request, OFFER_LIST_KEYS);
  const { intent } = intentSchema.parse(input);
  if (intent === "delete") {
    if ((await deleteOffers(session.shop, [id])) === 0) throw notFound();
    await rulesChanged(session.shop, admin);
    return redirect("/app/offers?deleted=1");
  }
  if (intent === "activate" || intent === "pause") {
    if ((await setOfferStatus(session.shop, [id], intent === "activate" ? "active" : "paused")) === 0) throw notFound();
    await rulesChanged(session.shop, admin);
    return Response.json({ ok: true, message: intent === "activate" ? "Offer activated" : "Offer paused" });
  }
  const parsed = offerInputSchema.safeParse(input);
  if (!parsed.success) return Response.json({ errors: fieldErrors(parsed.error) }, { status: 400 });
  if (!(await updateOffer(session.shop, id, parsed.data))) throw notFound();
  await rulesChanged(session.shop, admin);
  return Response.json({ ok: true, message: "Offer saved" });
};

type ActionData = { ok?: boolean; message?: string; errors?: Record<string, string> };

export default function EditOffer() {
  const data = useLoaderData<typeof loader>();
  const actionData = useActionData<ActionData>();
  const form = useOfferForm({ initial: data.initial, savedVersion: JSON.stringify({ ...data.initial, status: null }) });
  const { save, saving } = useOfferSubmit("save");
  const submit = useSubmit();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const { show, toastMarkup } = useToast();
  const [confirmDelete, setConfirmDelete] = useState(false);

  useEffect(() => {
    if (actionData?.message) show(actionData.message);
    else if (actionData?.errors) show("Fix the highlighted fields", { error: true });
  }, [actionData, show]);
  useEffect(() => {
    if (params.get("created")) {
      show("Offer created");
      navigate(".", { replace: true, preventScrollReset: true });
    }
  }, [params, show, navigate]);

  const errors = actionData?.errors;
  const statusAction = (intent: "activate" | "pause") =>
    submit({ intent }, { method: "post", encType: "application/json" });
  const f = data.figures;
  return (
    <Page
      title={data.name}
      titleMetadata={<StatusBadge status={data.status} />}
      subtitle={TYPE_LABELS[data.type as keyof typeof TYPE_LABELS] ?? data.type}
      backAction={{ content: "Offers", url: "/app/offers" }}
      primaryAction={{ content: "Save", onAction: () => save(form.state), loading: saving, disabled: !form.dirty }}
      secondaryActions={[
        data.status === "active"
          ? { content: "Pause", onAction: () => statusAction("pause") }
          : { content: "Activate", onAction: () => statusAction("activate") },
        { content: "Delete", destructive: true, onAction: () => setConfirmDelete(true) },
      ]}
    >
      <PageLoading />
      <UnsavedChangesBar
        id="offer-edit-save-bar"
        dirty={form.dirty}
        saving={saving}
        onSave={() => save(form.state)}
        onDiscard={() => form.reset()}
      />
      <BlockStack gap="400">
        {errors ? (
          <Banner tone="critical" title="The offer was not saved">
            <p>
              {Object.keys(errors).length === 1
                ? "One field needs attention."
                : `${Object.keys(errors).length} fields need attention.`}
            </p>
          </Banner>
        ) : null}
        {data.refunds.flagged ? (
          <Banner tone="critical" title="Products sold through this offer come back far more often than the rest">
            <p>
              In the last 90 days {percent(data.refunds.offerRate)} of the units sold through this offer were refunded,
              against {percent(data.refunds.baselineRate)} for the rest of the shop. Consider pausing it or offering
              different products.
            </p>
          </Banner>
        ) : null}
        {data.forgedEvents ? (
          <Banner tone="critical" title="This offer’s storefront events look forged">
            <p>In the last 90 days: {data.forgedEvents}</p>
          </Banner>
        ) : null}
        <InlineGrid columns={{ xs: 2, md: 4 }} gap="300">
          <StatCard label="Impressions" value={count(f.impressions)} size="medium" source="events" />
          <StatCard label="Acceptances" value={count(f.acceptances)} size="medium" source="events" />
          <StatCard label="Acceptance rate" value={percent(f.acceptanceRate)} size="medium" source="events" />
          <StatCard
            label="Attributed revenue"
            value={formatMoney(f.revenue, data.moneyFormat)}
            size="medium"
            source="orders"
          />
        </InlineGrid>
        {data.placements.rows.some((r) => r.impressions > 0 || r.acceptances > 0 || r.revenue.net > 0) ? (
          <PlacementFiguresCard figures={data.placements} moneyFormat={data.moneyFormat} />
        ) : null}
        <OfferFormFields
          state={form.state}
          set={form.set}
          errors={errors}
          facets={data.facets}
          moneyFormat={data.moneyFormat}
          prices={data.prices}
          checkout={data.checkout}
          placementActivity={data.placementActivity}
        />
      </BlockStack>
      <Modal
        open={confirmDelete}
        onClose={() => setConfirmDelete(false)}
        title={`Delete “${data.name}”?`}
        primaryAction={{
          content: "Delete offer",
          destructive: true,
          onAction: () => {
            setConfirmDelete(false);
            submit({ intent: "delete" }, { method: "post", encType: "application/json" });
          },
        }}
        secondaryActions={[{ content: "Cancel", onAction: () => setConfirmDelete(false) }]}
      >
        <Modal.Section>
          <Text as="p">The offer stops showing at once. Its past events stay in your reports.</Text>
        </Modal.Section>
      </Modal>
      {toastMarkup}
    </Page>
  );
}

export function ErrorBoundary() {
  return <RouteError backUrl="/app/offers" backLabel="Offers" title="This offer" />;
}
