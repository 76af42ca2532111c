// The app's automatic discount (backed by the pairwise-discount Discount Function) and its cart
// transform (pairwise-bundle): created once per shop, their configuration metafields rewritten
// whenever offers, bundles or the discount settings change, and their state read back so the
// storefront only promises a discount Shopify will grant.

/** Namespace of the app-owned metafields the functions read ($app: = reserved to this app). */
export const FUNCTION_METAFIELD_NAMESPACE = "$app:pairwise";
export const DISCOUNT_FUNCTION_HANDLE = "pairwise-discount";
export const CART_TRANSFORM_FUNCTION_HANDLE = "pairwise-bundle";

export const DISCOUNT_AUTOMATIC_APP_CREATE = /* GraphQL */ `
  mutation PairwiseDiscountCreate($discount: DiscountAutomaticAppInput!) {
    discountAutomaticAppCreate(automaticAppDiscount: $discount) {
      automaticAppDiscount {
        discountId
        status
      }
      userErrors {
        field
        message
        code
      }
    }
  }
`;

export const DISCOUNT_AUTOMATIC_APP_UPDATE = /* GraphQL */ `
  mutation PairwiseDiscountUpdate($id: ID!, $discount: DiscountAutomaticAppInput!) {
    discountAutomaticAppUpdate(id: $id, automaticAppDiscount: $discount) {
      automaticAppDiscount {
        discountId
        status
      }
      userErrors {
        field
        message
        code
      }
    }
  }
`;

/** The discount's state as the merchant may have changed it in Shopify admin (deactivated, deleted). */
export const DISCOUNT_STATE_QUERY = /* GraphQL */ `
  query PairwiseDiscountState($id: ID!) {
    discountNode(id: $id) {
      id
      discount {
        __typename
        ... on DiscountAutomaticApp {
          status
          title
        }
      }
    }
  }
`;

export const CART_TRANSFORM_CREATE = /* GraphQL */ `
  mutation PairwiseCartTransformCreate($functionHandle: String!, $metafields: [MetafieldInput!]) {
    cartTransformCreate(functionHandle: $functionHandle, blockOnFailure: false, metafields: $metafields) {
      cartTransform {
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

/** The app's cart transform when one exists already (one per app and shop). */
export const CART_TRANSFORMS_QUERY = /* GraphQL */ `
  query PairwiseCartTransforms {
    cartTransforms(first: 1) {
      nodes {
        id
      }
    }
  }
`;

export interface DiscountUserError {
  field: string[] | null;
  message: string;
  code: string | null;
}

export type DiscountStatus = "ACTIVE" | "EXPIRED" | "SCHEDULED";

export interface DiscountMutationData {
  payload: {
    automaticAppDiscount: { discountId: string; status: DiscountStatus } | null;
    userErrors: DiscountUserError[];
  } | null;
}
export interface DiscountCreateData {
  discountAutomaticAppCreate: DiscountMutationData["payload"];
}
export interface DiscountUpdateData {
  discountAutomaticAppUpdate: DiscountMutationData["payload"];
}
export interface DiscountStateData {
  discountNode: { id: string; discount: { __typename: string; status?: DiscountStatus; title?: string } } | null;
}
export interface CartTransformCreateData {
  cartTransformCreate: { cartTransform: { id: string } | null; userErrors: DiscountUserError[] } | null;
}
export interface CartTransformsData {
  cartTransforms: { nodes: { id: string }[] };
}
