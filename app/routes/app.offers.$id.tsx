// One offer: its figures, the editor, pause/activate and delete. Another shop's offer id is a 404.
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { useActionData, useLoaderData, useNavigate, useSearchParams, useSubmit } from "@remix-run/react";
import { Banner, BlockStack, InlineGrid, Modal, Page, Text } from "@shopify/polaris";
import { useEffect, useState } from "react";
import { z } from "zod";
import { useTranslation } from "react-i18next";
import { useFormat } from "../components/format";
import { requestLocale } from "../i18n/locale.server";
import { tFor } from "../i18n/i18n";
import { translateErrors, translatedReason } from "../i18n/messages";
import { OfferFormFields, useOfferForm, useOfferSubmit, type OfferFormState } from "../components/OfferForm";
import { PageLoading } from "../components/PageLoading";
import { RouteError } from "../components/RouteError";
import { StatusBadge } from "../components/StatusBadge";
import { UnsavedChangesBar } from "../components/UnsavedChangesBar";
import { useToast } from "../components/useToast";
import { centsToInput, fieldErrors, readInput } from "../lib/forms/input";
import { OFFER_LIST_KEYS, offerInputSchema } from "../lib/forms/offer";
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
import { lastDays, utcDayOf } from "../services/admin/rollups.server";

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
  const locale = requestLocale(request);
  const t = tFor(locale);
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
      placementFiguresFor(session.shop, { from: "1970-01-01", to: utcDayOf(now) }, { offerId: offer.id }),
      offerRefundWarning(session.shop, offer.id),
      placementActivity(session.shop),
      eventIntegrity(session.shop, lastDays(90, now)),
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
    checkout: translatedReason(offerCheckoutState(offer, discountState), t),
    figures: figures.get(offer.id)!,
    placements,
    refunds,
    placementActivity: activity,
    forgedEvents: suspect ? describeFinding(suspect, t, locale) : null,
  };
};

const intentSchema = z.object({ intent: z.enum(["save", "activate", "pause", "delete"]).catch("save") });

export const action = async ({ request, params }: ActionFunctionArgs) => {
  const { session, admin } = await authenticate.admin(request);
  const id = params.id ?? "";
  const input = await readInput(request, OFFER_LIST_KEYS);
  const t = tFor(requestLocale(request));
  const { intent } = intentSchema.parse(input);
  if (intent === "delete") {
    if ((await deleteOffers(session.shop, [id])) === 0) throw notFound();
    await rulesChanged(session.shop, admin);
    return redirect("/app/offers?deleted=1");
  }
  if (intent === "activate" || intent === "pause") {
    if ((await setOfferStatus(session.shop, [id], intent === "activate" ? "active" : "paused")) === 0) throw notFound();
    await rulesChanged(session.shop, admin);
    return Response.json({
      ok: true,
      message: intent === "activate" ? t("offer.toast.activated") : t("offer.toast.paused"),
    });
  }
  const parsed = offerInputSchema.safeParse(input);
  if (!parsed.success) return Response.json({ errors: translateErrors(t, fieldErrors(parsed.error)) }, { status: 400 });
  if (!(await updateOffer(session.shop, id, parsed.data))) throw notFound();
  await rulesChanged(session.shop, admin);
  return Response.json({ ok: true, message: t("offer.toast.saved") });
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
  const { t } = useTranslation();
  const { count, percent, money } = useFormat();

  useEffect(() => {
    if (actionData?.message) show(actionData.message);
    else if (actionData?.errors) show(t("offer.toast.fixFields"), { error: true });
  }, [actionData, show, t]);
  useEffect(() => {
    if (params.get("created")) {
      show(t("offer.toast.created"));
      navigate(".", { replace: true, preventScrollReset: true });
    }
  }, [params, show, navigate, t]);

  const errors = actionData?.errors;
  const statusAction = (intent: "activate" | "pause") =>
    submit({ intent }, { method: "post", encType: "application/json" });
  const f = data.figures;
  return (
    <Page
      title={data.name}
      titleMetadata={<StatusBadge status={data.status} />}
      subtitle={t(`offerType.${data.type}`, { defaultValue: data.type })}
      backAction={{ content: t("nav.offers"), url: "/app/offers" }}
      primaryAction={{
        content: t("common.save"),
        onAction: () => save(form.state),
        loading: saving,
        disabled: !form.dirty,
      }}
      secondaryActions={[
        data.status === "active"
          ? { content: t("offer.pause"), onAction: () => statusAction("pause") }
          : { content: t("offer.activate"), onAction: () => statusAction("activate") },
        { content: t("common.delete"), destructive: true, onAction: () => setConfirmDelete(true) },
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
          <Banner tone="critical" title={t("offer.notSaved")}>
            <p>{t("form.fieldsNeedAttention", { count: Object.keys(errors).length })}</p>
          </Banner>
        ) : null}
        {data.refunds.flagged ? (
          <Banner tone="critical" title={t("offer.refunds.title")}>
            <p>
              {t("offer.refunds.body", {
                offer: percent(data.refunds.offerRate),
                baseline: percent(data.refunds.baselineRate),
              })}
            </p>
          </Banner>
        ) : null}
        {data.forgedEvents ? (
          <Banner tone="critical" title={t("offer.forged.title")}>
            <p>{t("offer.forged.body", { finding: data.forgedEvents })}</p>
          </Banner>
        ) : null}
        <InlineGrid columns={{ xs: 2, md: 4 }} gap="300">
          <StatCard
            label={t("placementFigures.impressions")}
            value={count(f.impressions)}
            size="medium"
            source="events"
          />
          <StatCard label={t("offer.acceptances")} value={count(f.acceptances)} size="medium" source="events" />
          <StatCard
            label={t("placementFigures.rate")}
            value={percent(f.acceptanceRate)}
            size="medium"
            source="events"
          />
          <StatCard label={t("kpi.attributedRevenue")} value={money(f.revenue)} size="medium" source="orders" />
        </InlineGrid>
        {data.placements.rows.some((r) => r.impressions > 0 || r.acceptances > 0 || r.revenue.net > 0) ? (
          <PlacementFiguresCard figures={data.placements} />
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
        title={t("offer.deleteTitle", { name: data.name })}
        primaryAction={{
          content: t("offer.deleteOffer"),
          destructive: true,
          onAction: () => {
            setConfirmDelete(false);
            submit({ intent: "delete" }, { method: "post", encType: "application/json" });
          },
        }}
        secondaryActions={[{ content: t("common.cancel"), onAction: () => setConfirmDelete(false) }]}
      >
        <Modal.Section>
          <Text as="p">{t("offer.deleteBody")}</Text>
        </Modal.Section>
      </Modal>
      {toastMarkup}
    </Page>
  );
}

export function ErrorBoundary() {
  return <RouteError backUrl="/app/offers" backLabel="offers" title="offer" />;
}
