// New offer: validate with zod, create, go to the offer's page. Prefilled from the query string
// when coming from Insights ("create an offer from this pair").
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { Banner, Page } from "@shopify/polaris";
import { useEffect } from "react";
import { useTranslation } from "react-i18next";
import { tFor } from "../i18n/i18n";
import { requestLocale } from "../i18n/locale.server";
import { translateErrors, translatedReason } from "../i18n/messages";
import {
  EMPTY_OFFER,
  OfferFormFields,
  useOfferForm,
  useOfferSubmit,
  type OfferFormState,
} from "../components/OfferForm";
import { PageLoading } from "../components/PageLoading";
import { RouteError } from "../components/RouteError";
import { UnsavedChangesBar } from "../components/UnsavedChangesBar";
import { useToast } from "../components/useToast";
import { fieldErrors, readInput } from "../lib/forms/input";
import { OFFER_LIST_KEYS, offerInputSchema } from "../lib/forms/offer";
import { catalogFacets, createOffer, productSummaries } from "../services/admin/offers.server";
import { getDiscountState, offerCheckoutState, rulesChanged } from "../services/discounts/index.server";
import { shopMoneyFormat } from "../services/admin/settings.server";
import { placementActivity as activityOf } from "../services/admin/placement-figures.server";
import { authenticate } from "../shopify.server";

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const t = tFor(requestLocale(request));
  const url = new URL(request.url);
  const trigger = url.searchParams.getAll("trigger").slice(0, 20);
  const offered = url.searchParams.getAll("offer").slice(0, 20);
  const type = url.searchParams.get("type") === "upsell" ? "upsell" : "cross_sell";
  const [facets, moneyFormat, products] = await Promise.all([
    catalogFacets(session.shop),
    shopMoneyFormat(session.shop),
    productSummaries(session.shop, [...new Set([...trigger, ...offered])]),
  ]);
  const byId = new Map(products.map((p) => [p.id, p]));
  const initial: OfferFormState = {
    ...EMPTY_OFFER,
    headline: t("offerForm.defaultHeadline"),
    type,
    triggerProducts: trigger.filter((id) => byId.has(id)).map((id) => ({ id, title: byId.get(id)!.title })),
    offeredProducts: offered.filter((id) => byId.has(id)).map((id) => ({ id, title: byId.get(id)!.title })),
    name:
      trigger.length && offered.length
        ? `${byId.get(trigger[0])?.title ?? t("offers.product")} → ${byId.get(offered[0])?.title ?? t("offers.product")}`
        : "",
  };
  const checkout = translatedReason(offerCheckoutState(null, await getDiscountState(session.shop)), t);
  return {
    initial,
    facets,
    moneyFormat,
    prices: Object.fromEntries(products.map((p) => [p.id, p.price])),
    checkout,
    placementActivity: await activityOf(session.shop),
  };
};

export const action = async ({ request }: ActionFunctionArgs) => {
  const { session, admin } = await authenticate.admin(request);
  const parsed = offerInputSchema.safeParse(await readInput(request, OFFER_LIST_KEYS));
  if (!parsed.success)
    return Response.json(
      { errors: translateErrors(tFor(requestLocale(request)), fieldErrors(parsed.error)) },
      { status: 400 },
    );
  const offer = await createOffer(session.shop, parsed.data);
  await rulesChanged(session.shop, admin);
  return redirect(`/app/offers/${offer.id}?created=1`);
};

export default function NewOffer() {
  const { initial, facets, moneyFormat, prices, checkout, placementActivity } = useLoaderData<typeof loader>();
  const actionData = useActionData<{ errors?: Record<string, string> }>();
  const form = useOfferForm({ initial, isNew: true });
  const { save, saving } = useOfferSubmit("create");
  const { show, toastMarkup } = useToast();
  const errors = actionData?.errors;
  const { t } = useTranslation();
  useEffect(() => {
    if (errors) show(t("offer.toast.fixFields"), { error: true });
  }, [errors, show, t]);
  return (
    <Page
      title={t("offers.new")}
      backAction={{ content: t("nav.offers"), url: "/app/offers" }}
      primaryAction={{ content: t("offers.saveOffer"), onAction: () => save(form.state), loading: saving }}
    >
      <PageLoading />
      <UnsavedChangesBar
        id="offer-new-save-bar"
        dirty={form.dirty}
        saving={saving}
        onSave={() => save(form.state)}
        onDiscard={() => form.reset()}
        message={t("offers.unsaved")}
      />
      {errors ? (
        <div style={{ marginBottom: 16 }}>
          <Banner tone="critical" title={t("offer.notSaved")}>
            <p>{t("form.fieldsNeedAttention", { count: Object.keys(errors).length })}</p>
          </Banner>
        </div>
      ) : null}
      <OfferFormFields
        state={form.state}
        set={form.set}
        errors={errors}
        facets={facets}
        moneyFormat={moneyFormat}
        prices={prices}
        checkout={checkout}
        placementActivity={placementActivity}
      />
      {toastMarkup}
    </Page>
  );
}

export function ErrorBoundary() {
  return <RouteError backUrl="/app/offers" backLabel="offers" title="offerForm" />;
}
