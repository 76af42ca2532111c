// Delivers follow-ups where merchants already send e-mail: keeps the customer metafield
// pairwise.next_offers equal to each followed-up customer's next best offers, the tag
// "pairwise-follow-up-due" on exactly the customers due now (holdout customers get neither), and
// declares the metafield definition and the segment of tagged customers once. Only what changed
// since the last sync is sent (CustomerFollowUp.syncedValue / syncedTag), at most `limit`
// customers a run; the rest follow on the next run. Failures are recorded, never thrown.
import db from "../../db.server";
import { adminRequest, assertNoUserErrors, AdminUserErrors, type AdminGraphql } from "../../graphql/client";
import {
  CUSTOMER_TAGS_ADD,
  CUSTOMER_TAGS_REMOVE,
  FOLLOW_UP_DISCOUNT_CODE_CREATE,
  FOLLOW_UP_DUE_TAG,
  FOLLOW_UP_SEGMENT_CREATE,
  FOLLOW_UP_SEGMENT_NAME,
  FOLLOW_UP_SEGMENT_QUERY,
  FOLLOW_UP_SEGMENT_QUERY_BY_NAME,
  NEXT_OFFERS_DEFINITION_CREATE,
  NEXT_OFFERS_DEFINITION_QUERY,
  NEXT_OFFERS_KEY,
  NEXT_OFFERS_NAMESPACE,
} from "../../graphql/customers";
import { METAFIELDS_DELETE, METAFIELDS_PER_CALL, METAFIELDS_SET } from "../../graphql/metafields";
import type {
  PairwiseFollowUpDiscountCodeCreateMutation,
  PairwiseMetafieldsDeleteMutation,
  PairwiseMetafieldsSetMutation,
  PairwiseCustomerTagsAddMutation,
  PairwiseCustomerTagsRemoveMutation,
  PairwiseFollowUpSegmentCreateMutation,
  PairwiseFollowUpSegmentQuery,
  PairwiseNextOffersDefinitionCreateMutation,
  PairwiseNextOffersDefinitionQuery,
} from "../../graphql/generated/admin.generated";
import { attributionEnd, FOLLOW_UP_PARAM } from "../../domain/customers";
import type { StoredOffer } from "./follow-ups.server";
import { contactDayOf, followUpDiscountCode, followUpToken, trackingSettings } from "./tracking.server";

const customerGid = (id: string) => `gid://shopify/Customer/${id}`;
const productGid = (id: string) => `gid://shopify/Product/${id}`;

/** What identifies one delivered follow-up in links and at checkout (tracking.server.ts). */
export interface FollowUpTracking {
  shop: string;
  token: string;
  /** the follow-up's own discount code, when the merchant gives one (due follow-ups only) */
  discountCode: string | null;
  discountPercent: number;
}

/**
 * The metafield's JSON: what an e-mail template needs, nothing about other customers. Each offer's
 * `url` carries the follow-up's `_pairwise` token, so an order placed after a click is attributed.
 */
export function nextOffersValue(
  row: { status: string; contactAt: Date; offers: string },
  products: Map<string, { title: string; handle: string }>,
  tracking?: FollowUpTracking,
): string {
  const offers = JSON.parse(row.offers) as StoredOffer[];
  const link = (handle: string) =>
    tracking && handle ? `https://${tracking.shop}/products/${handle}?${FOLLOW_UP_PARAM}=${tracking.token}` : "";
  return JSON.stringify({
    version: 1,
    status: row.status,
    contact_at: row.contactAt.toISOString(),
    ...(tracking
      ? {
          tracking: {
            param: FOLLOW_UP_PARAM,
            token: tracking.token,
            discount_code: tracking.discountCode,
            discount_percent: tracking.discountCode ? tracking.discountPercent : 0,
          },
        }
      : {}),
    offers: offers.map((o) => ({
      product_id: productGid(o.productId),
      title: products.get(o.productId)?.title ?? "",
      handle: products.get(o.productId)?.handle ?? "",
      url: link(products.get(o.productId)?.handle ?? ""),
      reason: o.reason,
      reason_kind: o.reasonKind,
      due_at: o.contactAt,
      probability: Math.round(o.probability * 1000) / 1000,
    })),
  });
}

export interface FollowUpSyncResult {
  metafieldsSet: number;
  metafieldsDeleted: number;
  tagsAdded: number;
  tagsRemoved: number;
  remaining: number;
  error: string | null;
}

async function ensureDefinitionAndSegment(admin: AdminGraphql, shop: string): Promise<void> {
  const settings = await db.followUpSettings.upsert({ where: { shop }, create: { shop }, update: {} });
  if (!settings.definitionId) {
    const { data } = await adminRequest<PairwiseNextOffersDefinitionCreateMutation>(
      admin,
      NEXT_OFFERS_DEFINITION_CREATE,
      {
        variables: {
          definition: {
            name: "Pairwise next best offers",
            namespace: NEXT_OFFERS_NAMESPACE,
            key: NEXT_OFFERS_KEY,
            type: "json",
            ownerType: "CUSTOMER",
            description:
              "Products this customer is most likely to buy next, with reasons and due dates (kept current by Pairwise).",
          },
        },
      },
    );
    let id = data.metafieldDefinitionCreate?.createdDefinition?.id ?? null;
    const errors = data.metafieldDefinitionCreate?.userErrors ?? [];
    if (!id && errors.some((e) => e.code === "TAKEN")) {
      const found = await adminRequest<PairwiseNextOffersDefinitionQuery>(admin, NEXT_OFFERS_DEFINITION_QUERY, {
        variables: { namespace: NEXT_OFFERS_NAMESPACE, key: NEXT_OFFERS_KEY },
      });
      id = found.data.metafieldDefinitions.nodes[0]?.id ?? null;
    } else assertNoUserErrors(data.metafieldDefinitionCreate, "PairwiseNextOffersDefinitionCreate");
    if (id) await db.followUpSettings.update({ where: { shop }, data: { definitionId: id } });
  }
  if (!settings.segmentId) {
    const found = await adminRequest<PairwiseFollowUpSegmentQuery>(admin, FOLLOW_UP_SEGMENT_QUERY_BY_NAME, {
      variables: { query: `name:'${FOLLOW_UP_SEGMENT_NAME}'` },
    });
    let id = found.data.segments.nodes.find((s) => s.name === FOLLOW_UP_SEGMENT_NAME)?.id ?? null;
    if (!id) {
      const { data } = await adminRequest<PairwiseFollowUpSegmentCreateMutation>(admin, FOLLOW_UP_SEGMENT_CREATE, {
        variables: { name: FOLLOW_UP_SEGMENT_NAME, query: FOLLOW_UP_SEGMENT_QUERY },
      });
      assertNoUserErrors(data.segmentCreate, "PairwiseFollowUpSegmentCreate");
      id = data.segmentCreate?.segment?.id ?? null;
    }
    if (id) await db.followUpSettings.update({ where: { shop }, data: { segmentId: id } });
  }
}

/**
 * Records the follow-up's link (its token and products) before it is delivered and, when it carries
 * a discount code, creates the code in Shopify: for this customer only, on the followed-up products,
 * one use, from now to the end of the attribution window.
 */
async function issueTracking(
  admin: AdminGraphql,
  shop: string,
  row: { customerId: string; contactAt: Date; offers: string },
  tracking: FollowUpTracking,
  settings: { attributionDays: number; discountPercent: number },
  now: Date,
): Promise<void> {
  const contactDay = contactDayOf(row.contactAt);
  const productIds = (JSON.parse(row.offers) as StoredOffer[]).map((o) => o.productId);
  const link = await db.followUpLink.upsert({
    where: { shop_customerId_contactDay: { shop, customerId: row.customerId, contactDay } },
    create: {
      shop,
      customerId: row.customerId,
      contactDay,
      contactAt: row.contactAt,
      token: tracking.token,
      productIds: JSON.stringify(productIds),
      discountCode: tracking.discountCode,
      issuedAt: now,
    },
    update: {
      contactAt: row.contactAt,
      productIds: JSON.stringify(productIds),
      ...(tracking.discountCode ? { discountCode: tracking.discountCode } : {}),
    },
  });
  if (!tracking.discountCode || link.discountId) return;
  const end = attributionEnd(
    { issuedAt: link.issuedAt.getTime(), contactAt: row.contactAt.getTime() },
    settings.attributionDays,
  );
  const { data } = await adminRequest<PairwiseFollowUpDiscountCodeCreateMutation>(
    admin,
    FOLLOW_UP_DISCOUNT_CODE_CREATE,
    {
      variables: {
        discount: {
          title: `Pairwise follow-up ${tracking.discountCode}`,
          code: tracking.discountCode,
          startsAt: now.toISOString(),
          endsAt: new Date(end).toISOString(),
          context: { customers: { add: [customerGid(row.customerId)] } },
          customerGets: {
            value: { percentage: tracking.discountPercent / 100 },
            items: { products: { productsToAdd: productIds.map(productGid) } },
          },
          usageLimit: 1,
          appliesOncePerCustomer: true,
          combinesWith: { orderDiscounts: false, productDiscounts: false, shippingDiscounts: true },
        },
      },
    },
  );
  const errors = data.discountCodeBasicCreate?.userErrors ?? [];
  // A code Shopify already has is this follow-up's own (derived from it): created by an earlier, interrupted sync.
  if (errors.length && !errors.every((e) => e.code === "TAKEN"))
    assertNoUserErrors(data.discountCodeBasicCreate, "PairwiseFollowUpDiscountCodeCreate");
  const discountId = data.discountCodeBasicCreate?.codeDiscountNode?.id ?? "existing";
  await db.followUpLink.update({ where: { id: link.id }, data: { discountId } });
}

/** Brings Shopify's customer metafields and tags in line with the stored follow-ups. */
export async function syncFollowUps(
  adminOrGetter: AdminGraphql | (() => Promise<AdminGraphql>),
  shop: string,
  { limit = 500, now = new Date() }: { limit?: number; now?: Date } = {},
): Promise<FollowUpSyncResult> {
  const result: FollowUpSyncResult = {
    metafieldsSet: 0,
    metafieldsDeleted: 0,
    tagsAdded: 0,
    tagsRemoved: 0,
    remaining: 0,
    error: null,
  };
  try {
    const rows = await db.customerFollowUp.findMany({ where: { shop }, orderBy: { contactAt: "asc" } });
    const products = new Map(
      (await db.product.findMany({ where: { shop }, select: { shopifyId: true, title: true, handle: true } })).map(
        (p) => [p.shopifyId, { title: p.title, handle: p.handle }],
      ),
    );
    const settings = await trackingSettings(shop);
    const work = rows
      .map((r) => {
        // The holdout never gets a follow-up: no metafield, no tag, no link, no code.
        const deliver = r.status !== "none" && !r.holdout;
        const day = contactDayOf(r.contactAt);
        const tracking: FollowUpTracking | undefined = deliver
          ? {
              shop,
              token: followUpToken(shop, r.customerId, day),
              discountCode:
                settings.discountPercent > 0 && r.status === "due"
                  ? followUpDiscountCode(shop, r.customerId, day)
                  : null,
              discountPercent: settings.discountPercent,
            }
          : undefined;
        const value = deliver ? nextOffersValue(r, products, tracking) : null;
        const tag = deliver && r.status === "due";
        return { row: r, value, tag, tracking, changed: value !== r.syncedValue || tag !== r.syncedTag };
      })
      .filter((w) => w.changed);
    if (work.length === 0) {
      await db.followUpSettings.updateMany({ where: { shop }, data: { syncedAt: now, syncError: null } });
      return result;
    }
    let admin: AdminGraphql;
    try {
      admin = typeof adminOrGetter === "function" ? await adminOrGetter() : adminOrGetter;
    } catch (error) {
      throw new Error(`No Admin API session: ${error instanceof Error ? error.message : String(error)}`);
    }
    await ensureDefinitionAndSegment(admin, shop);
    result.remaining = Math.max(0, work.length - limit);
    const batch = work.slice(0, limit);

    const toSet = batch.filter((w) => w.value !== null && w.value !== w.row.syncedValue);
    for (let i = 0; i < toSet.length; i += METAFIELDS_PER_CALL) {
      const chunk = toSet.slice(i, i + METAFIELDS_PER_CALL);
      // The links and codes exist before the customer can see them.
      for (const w of chunk) await issueTracking(admin, shop, w.row, w.tracking!, settings, now);
      const { data } = await adminRequest<PairwiseMetafieldsSetMutation>(admin, METAFIELDS_SET, {
        variables: {
          metafields: chunk.map((w) => ({
            ownerId: customerGid(w.row.customerId),
            namespace: NEXT_OFFERS_NAMESPACE,
            key: NEXT_OFFERS_KEY,
            type: "json",
            value: w.value,
          })),
        },
      });
      assertNoUserErrors(data.metafieldsSet, "PairwiseMetafieldsSet");
      for (const w of chunk)
        await db.customerFollowUp.update({ where: { id: w.row.id }, data: { syncedValue: w.value } });
      result.metafieldsSet += chunk.length;
    }
    const toDelete = batch.filter((w) => w.value === null && w.row.syncedValue !== null);
    for (let i = 0; i < toDelete.length; i += METAFIELDS_PER_CALL) {
      const chunk = toDelete.slice(i, i + METAFIELDS_PER_CALL);
      const { data } = await adminRequest<PairwiseMetafieldsDeleteMutation>(admin, METAFIELDS_DELETE, {
        variables: {
          metafields: chunk.map((w) => ({
            ownerId: customerGid(w.row.customerId),
            namespace: NEXT_OFFERS_NAMESPACE,
            key: NEXT_OFFERS_KEY,
          })),
        },
      });
      assertNoUserErrors(data.metafieldsDelete, "PairwiseMetafieldsDelete");
      for (const w of chunk) await db.customerFollowUp.update({ where: { id: w.row.id }, data: { syncedValue: null } });
      result.metafieldsDeleted += chunk.length;
    }
    for (const w of batch.filter((x) => x.tag !== x.row.syncedTag)) {
      if (w.tag) {
        const { data } = await adminRequest<PairwiseCustomerTagsAddMutation>(admin, CUSTOMER_TAGS_ADD, {
          variables: { id: customerGid(w.row.customerId), tags: [FOLLOW_UP_DUE_TAG] },
        });
        assertNoUserErrors(data.tagsAdd, "PairwiseCustomerTagsAdd");
        result.tagsAdded++;
      } else {
        const { data } = await adminRequest<PairwiseCustomerTagsRemoveMutation>(admin, CUSTOMER_TAGS_REMOVE, {
          variables: { id: customerGid(w.row.customerId), tags: [FOLLOW_UP_DUE_TAG] },
        });
        assertNoUserErrors(data.tagsRemove, "PairwiseCustomerTagsRemove");
        result.tagsRemoved++;
      }
      await db.customerFollowUp.update({ where: { id: w.row.id }, data: { syncedTag: w.tag } });
    }
    // Contacts of customers who carry the due tag are delivered (e-mail tools targeting the tag or
    // segment send them), also a later follow-up of a customer who was tagged already.
    const tagged = (
      await db.customerFollowUp.findMany({ where: { shop, syncedTag: true }, select: { customerId: true } })
    ).map((r) => r.customerId);
    for (let i = 0; i < tagged.length; i += 500)
      await db.followUpContact.updateMany({
        where: {
          shop,
          customerId: { in: tagged.slice(i, i + 500) },
          holdout: false,
          deliveredAt: null,
          contactAt: { lte: now },
        },
        data: { deliveredAt: now },
      });
    // Rows no longer followed up and cleared in Shopify are forgotten.
    await db.customerFollowUp.deleteMany({ where: { shop, status: "none", syncedValue: null, syncedTag: false } });
    await db.followUpSettings.update({ where: { shop }, data: { syncedAt: now, syncError: null } });
  } catch (error) {
    result.error = error instanceof AdminUserErrors || error instanceof Error ? error.message : String(error);
    await db.followUpSettings.updateMany({ where: { shop }, data: { syncError: result.error.slice(0, 2000) } });
  }
  return result;
}
