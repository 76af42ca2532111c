// The demo's stand-in for the part of Shopify's Admin API that holds the app's checkout discounts
// and the follow-ups' customer metafields, due tags, discount codes, metafield definition and segment.
// Metafield writes (app/graphql/metafields.ts, one pair of documents for every owner) go to their
// owner by its gid: a customer, a product or variant, the cart transform, a discount or the app's
// installation (app-data metafields: what the theme blocks read).
// In the local demo there is no Shopify: this plays it for the documents of
// app/graphql/discounts.ts — it keeps the automatic discount, the cart transform and their
// metafields (and the rules it writes on products) in memory, answers in the Admin API's shapes (status ACTIVE on creation, as Shopify
// answers for a discount starting now), and forgets everything on restart, as a shop would if the
// discount were deleted; the app then recreates it on its next write, as in production.
// The demo checkout reads the configuration from here: the discount the "shop" holds.
import type { AdminGraphql } from "../graphql/client";
import { operationName } from "../graphql/client";

interface StoredDiscount {
  id: string;
  title: string;
  status: "ACTIVE" | "EXPIRED" | "SCHEDULED";
  combinesWith: Record<string, boolean>;
  metafields: Map<string, string>;
}

const discounts = new Map<string, StoredDiscount>();
let cartTransform: { id: string; metafields: Map<string, string> } | null = null;
/** product or variant gid → its metafields */
const productMetafields = new Map<string, Map<string, string>>();
const isCatalogOwner = (gid: string | undefined): gid is string =>
  !!gid && (gid.startsWith("gid://shopify/Product/") || gid.startsWith("gid://shopify/ProductVariant/"));
/** the app's installation: its app-data metafields are what the theme blocks read as app.metafields */
const APP_INSTALLATION = { id: "gid://shopify/AppInstallation/1", metafields: new Map<string, string>() };
const isCustomerOwner = (gid: string | undefined): gid is string => !!gid && gid.startsWith("gid://shopify/Customer/");
let seq = 1;
// Customers' metafields and tags written by the follow-up sync, the customer metafield definitions and segments.
const customers = new Map<string, { metafields: Map<string, string>; tags: Set<string> }>();
const customerDefinitions = new Map<string, string>();
const segments: { id: string; name: string; query: string }[] = [];
/** Follow-ups' discount codes (code → its discount), as discountCodeBasicCreate made them. */
const discountCodes = new Map<string, { id: string; customers: string[]; productIds: string[]; percentage: number }>();
function customerOf(gid: string) {
  let c = customers.get(gid);
  if (!c) customers.set(gid, (c = { metafields: new Map(), tags: new Set() }));
  return c;
}

type Metafield = { namespace?: string; key: string; value: string; ownerId?: string };
const mfKey = (m: { namespace?: string; key: string }) => `${m.namespace ?? ""}.${m.key}`;

function answer(data: unknown): Response {
  return new Response(JSON.stringify({ data }), { headers: { "Content-Type": "application/json" } });
}

export const demoAdminApi: AdminGraphql = {
  async graphql(query, options) {
    const v = (options?.variables ?? {}) as Record<string, never>;
    switch (operationName(query)) {
      case "PairwiseDiscountCreate": {
        const input = v.discount as { title: string; combinesWith: Record<string, boolean>; metafields: Metafield[] };
        const id = `gid://shopify/DiscountAutomaticNode/${9000 + seq++}`;
        discounts.set(id, {
          id,
          title: input.title,
          status: "ACTIVE",
          combinesWith: input.combinesWith,
          metafields: new Map(input.metafields.map((m) => [mfKey(m), m.value])),
        });
        return answer({
          discountAutomaticAppCreate: { automaticAppDiscount: { discountId: id, status: "ACTIVE" }, userErrors: [] },
        });
      }
      case "PairwiseDiscountUpdate": {
        const found = discounts.get(v.id as string);
        if (!found)
          return answer({
            discountAutomaticAppUpdate: {
              automaticAppDiscount: null,
              userErrors: [{ field: ["id"], message: "Discount does not exist", code: "INVALID" }],
            },
          });
        const input = v.discount as { title?: string; combinesWith?: Record<string, boolean> };
        if (input.title) found.title = input.title;
        if (input.combinesWith) found.combinesWith = input.combinesWith;
        return answer({
          discountAutomaticAppUpdate: {
            automaticAppDiscount: { discountId: found.id, status: found.status },
            userErrors: [],
          },
        });
      }
      case "PairwiseDiscountState": {
        const found = discounts.get(v.id as string);
        return answer({
          discountNode: found
            ? {
                id: found.id,
                discount: { __typename: "DiscountAutomaticApp", status: found.status, title: found.title },
              }
            : null,
        });
      }
      case "PairwiseCartTransformCreate": {
        if (cartTransform)
          return answer({
            cartTransformCreate: {
              cartTransform: null,
              userErrors: [
                {
                  field: ["functionHandle"],
                  message: "Could not enable cart transform because it is already registered",
                  code: "FUNCTION_ALREADY_REGISTERED",
                },
              ],
            },
          });
        cartTransform = {
          id: `gid://shopify/CartTransform/${9000 + seq++}`,
          metafields: new Map(((v.metafields ?? []) as Metafield[]).map((m) => [mfKey(m), m.value])),
        };
        return answer({ cartTransformCreate: { cartTransform: { id: cartTransform.id }, userErrors: [] } });
      }
      case "PairwiseCartTransforms":
        return answer({ cartTransforms: { nodes: cartTransform ? [{ id: cartTransform.id }] : [] } });
      case "PairwiseMetafieldsSet": {
        const list = v.metafields as Metafield[];
        if (list.length > 25)
          return answer({
            metafieldsSet: {
              metafields: null,
              userErrors: [
                {
                  field: ["metafields"],
                  message: "Exceeded the maximum metafields input limit of 25.",
                  code: "LESS_THAN_OR_EQUAL_TO",
                },
              ],
            },
          });
        for (const m of list) {
          if (isCustomerOwner(m.ownerId)) {
            customerOf(m.ownerId).metafields.set(mfKey(m), m.value);
            continue;
          }
          if (isCatalogOwner(m.ownerId)) {
            if (!productMetafields.has(m.ownerId)) productMetafields.set(m.ownerId, new Map());
            productMetafields.get(m.ownerId)!.set(mfKey(m), m.value);
            continue;
          }
          const owner =
            m.ownerId === APP_INSTALLATION.id
              ? APP_INSTALLATION
              : m.ownerId === cartTransform?.id
                ? cartTransform
                : discounts.get(m.ownerId ?? "");
          if (!owner)
            return answer({
              metafieldsSet: {
                metafields: null,
                userErrors: [
                  { field: ["metafields", "0", "ownerId"], message: "Owner does not exist", code: "INVALID_VALUE" },
                ],
              },
            });
          owner.metafields.set(mfKey(m), m.value);
        }
        return answer({
          metafieldsSet: { metafields: list.map((m) => ({ key: m.key, namespace: m.namespace })), userErrors: [] },
        });
      }
      case "PairwiseAppInstallation":
        return answer({ currentAppInstallation: { id: APP_INSTALLATION.id } });
      case "PairwiseMetafieldsDelete": {
        const list = v.metafields as Metafield[];
        const deleted = list.map((m) => {
          const owner = isCustomerOwner(m.ownerId)
            ? customers.get(m.ownerId)?.metafields
            : isCatalogOwner(m.ownerId)
              ? productMetafields.get(m.ownerId)
              : cartTransform && m.ownerId === cartTransform.id
                ? cartTransform.metafields
                : discounts.get(m.ownerId ?? "")?.metafields;
          return owner?.delete(mfKey(m)) ? { key: m.key, namespace: m.namespace, ownerId: m.ownerId } : null;
        });
        return answer({ metafieldsDelete: { deletedMetafields: deleted, userErrors: [] } });
      }
      case "PairwiseNextOffersDefinitionCreate": {
        const d = v.definition as { namespace: string; key: string };
        const key = mfKey(d);
        if (customerDefinitions.has(key))
          return answer({
            metafieldDefinitionCreate: {
              createdDefinition: null,
              userErrors: [
                {
                  field: ["definition", "key"],
                  message: "Key is in use for Customer metafields on the 'pairwise' namespace.",
                  code: "TAKEN",
                },
              ],
            },
          });
        customerDefinitions.set(key, `gid://shopify/MetafieldDefinition/${9000 + seq++}`);
        return answer({
          metafieldDefinitionCreate: { createdDefinition: { id: customerDefinitions.get(key) }, userErrors: [] },
        });
      }
      case "PairwiseNextOffersDefinition": {
        const id = customerDefinitions.get(`${v.namespace as string}.${v.key as string}`);
        return answer({ metafieldDefinitions: { nodes: id ? [{ id }] : [] } });
      }
      case "PairwiseFollowUpSegment":
        return answer({ segments: { nodes: segments.map((s) => ({ id: s.id, name: s.name })) } });
      case "PairwiseFollowUpSegmentCreate": {
        const id = `gid://shopify/Segment/${9000 + seq++}`;
        segments.push({ id, name: v.name as string, query: v.query as string });
        return answer({ segmentCreate: { segment: { id }, userErrors: [] } });
      }
      case "PairwiseFollowUpDiscountCodeCreate": {
        const d = v.discount as {
          code: string;
          context?: { customers?: { add?: string[] } };
          customerGets?: { value?: { percentage?: number }; items?: { products?: { productsToAdd?: string[] } } };
        };
        const code = d.code.toUpperCase();
        if (discountCodes.has(code))
          return answer({
            discountCodeBasicCreate: {
              codeDiscountNode: null,
              userErrors: [{ field: ["basicCodeDiscount", "code"], message: "Code must be unique.", code: "TAKEN" }],
            },
          });
        const id = `gid://shopify/DiscountCodeNode/${9000 + seq++}`;
        discountCodes.set(code, {
          id,
          customers: d.context?.customers?.add ?? [],
          productIds: d.customerGets?.items?.products?.productsToAdd ?? [],
          percentage: d.customerGets?.value?.percentage ?? 0,
        });
        return answer({ discountCodeBasicCreate: { codeDiscountNode: { id }, userErrors: [] } });
      }
      case "PairwiseCustomerTagsAdd":
        for (const t of v.tags as string[]) customerOf(v.id as string).tags.add(t);
        return answer({ tagsAdd: { userErrors: [] } });
      case "PairwiseCustomerTagsRemove":
        for (const t of v.tags as string[]) customerOf(v.id as string).tags.delete(t);
        return answer({ tagsRemove: { userErrors: [] } });
      default:
        return new Response(
          JSON.stringify({ errors: [{ message: `The demo shop does not answer ${operationName(query)}` }] }),
          { headers: { "Content-Type": "application/json" } },
        );
    }
  },
};

/** The configuration the demo shop's active Pairwise discount holds, or null when it has none active. */
export function demoActiveDiscountConfig(namespace = "$app:pairwise"): unknown {
  for (const d of discounts.values()) {
    if (d.status !== "ACTIVE") continue;
    const json = d.metafields.get(`${namespace}.config`);
    if (json) return JSON.parse(json) as unknown;
  }
  return null;
}

/** The rules the demo shop holds on a product or variant (metafield `$app:pairwise.rules`, by owner gid), or null. */
export function demoProductRules(ownerGid: string, namespace = "$app:pairwise"): unknown {
  const json = productMetafields.get(ownerGid)?.get(`${namespace}.rules`);
  return json ? (JSON.parse(json) as unknown) : null;
}

/** The configuration of the demo shop's cart transform, or null. */
export function demoCartTransformConfig(namespace = "$app:pairwise"): unknown {
  const json = cartTransform?.metafields.get(`${namespace}.config`);
  return json ? (JSON.parse(json) as unknown) : null;
}

/** What the demo shop holds for a customer (gid): its metafields (namespace.key → value) and tags. */
export function demoCustomer(gid: string): { metafields: Record<string, string>; tags: string[] } | null {
  const c = customers.get(gid);
  return c ? { metafields: Object.fromEntries(c.metafields), tags: [...c.tags].sort() } : null;
}
