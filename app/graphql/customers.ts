// Follow-ups delivered where merchants already send e-mail: the customer metafield
// pairwise.next_offers (JSON: products, reasons, due dates) that Shopify Email, Shopify Flow and
// e-mail tools read in templates, its definition (declared by the app on first sync), the tag
// "pairwise-follow-up-due" on customers due for a follow-up, and a customer segment of those.
// Needs the write_customers scope (README, "Access scopes").

export const NEXT_OFFERS_NAMESPACE = "pairwise";
export const NEXT_OFFERS_KEY = "next_offers";
export const FOLLOW_UP_DUE_TAG = "pairwise-follow-up-due";
export const FOLLOW_UP_SEGMENT_NAME = "Pairwise: due for a follow-up";
export const FOLLOW_UP_SEGMENT_QUERY = `customer_tags CONTAINS '${FOLLOW_UP_DUE_TAG}'`;

export const NEXT_OFFERS_DEFINITION_CREATE = /* GraphQL */ `
  mutation PairwiseNextOffersDefinitionCreate($definition: MetafieldDefinitionInput!) {
    metafieldDefinitionCreate(definition: $definition) {
      createdDefinition {
        id
      }
      userErrors {
        field
        message
        code
      }
    }
  }
`;

/** The definition when it exists already (created earlier, or by the merchant). */
export const NEXT_OFFERS_DEFINITION_QUERY = /* GraphQL */ `
  query PairwiseNextOffersDefinition($namespace: String!, $key: String!) {
    metafieldDefinitions(first: 1, ownerType: CUSTOMER, namespace: $namespace, key: $key) {
      nodes {
        id
      }
    }
  }
`;

/**
 * A follow-up's own discount code: for its customer only (context.customers), on its products,
 * used once, valid from delivery to the end of the attribution window. Needs write_discounts.
 */
export const FOLLOW_UP_DISCOUNT_CODE_CREATE = /* GraphQL */ `
  mutation PairwiseFollowUpDiscountCodeCreate($discount: DiscountCodeBasicInput!) {
    discountCodeBasicCreate(basicCodeDiscount: $discount) {
      codeDiscountNode {
        id
      }
      userErrors {
        field
        message
        code
      }
    }
  }
`;

export const CUSTOMER_TAGS_ADD = /* GraphQL */ `
  mutation PairwiseCustomerTagsAdd($id: ID!, $tags: [String!]!) {
    tagsAdd(id: $id, tags: $tags) {
      userErrors {
        field
        message
      }
    }
  }
`;

export const CUSTOMER_TAGS_REMOVE = /* GraphQL */ `
  mutation PairwiseCustomerTagsRemove($id: ID!, $tags: [String!]!) {
    tagsRemove(id: $id, tags: $tags) {
      userErrors {
        field
        message
      }
    }
  }
`;

export const FOLLOW_UP_SEGMENT_CREATE = /* GraphQL */ `
  mutation PairwiseFollowUpSegmentCreate($name: String!, $query: String!) {
    segmentCreate(name: $name, query: $query) {
      segment {
        id
      }
      userErrors {
        field
        message
      }
    }
  }
`;

/** The segment when it exists already (segment names are unique in a shop). */
export const FOLLOW_UP_SEGMENT_QUERY_BY_NAME = /* GraphQL */ `
  query PairwiseFollowUpSegment($query: String!) {
    segments(first: 1, query: $query) {
      nodes {
        id
        name
      }
    }
  }
`;

export interface UserErrorShape {
  field?: string[] | null;
  message: string;
  code?: string | null;
}
