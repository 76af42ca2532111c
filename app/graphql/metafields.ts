// The one pair of metafield documents the app sends, whatever owns the metafields: the checkout
// discount's configuration and the products' discount rules (services/discounts), the customers'
// next best offers (services/customers). Response types are generated from these documents
// (PairwiseMetafieldsSetMutation, PairwiseMetafieldsDeleteMutation).

export const METAFIELDS_SET = /* GraphQL */ `
  mutation PairwiseMetafieldsSet($metafields: [MetafieldsSetInput!]!) {
    metafieldsSet(metafields: $metafields) {
      metafields {
        key
        namespace
      }
      userErrors {
        field
        message
        code
      }
    }
  }
`;

export const METAFIELDS_DELETE = /* GraphQL */ `
  mutation PairwiseMetafieldsDelete($metafields: [MetafieldIdentifierInput!]!) {
    metafieldsDelete(metafields: $metafields) {
      deletedMetafields {
        key
        namespace
        ownerId
      }
      userErrors {
        field
        message
      }
    }
  }
`;

/** metafieldsSet and metafieldsDelete take at most this many metafields per call */
export const METAFIELDS_PER_CALL = 25;

export interface MetafieldsDeleteData {
  metafieldsDelete: {
    deletedMetafields: ({ key: string; namespace: string; ownerId: string } | null)[] | null;
    userErrors: { field: string[] | null; message: string }[];
  } | null;
}
export interface MetafieldsSetData {
  metafieldsSet: {
    metafields: { key: string; namespace: string }[] | null;
    userErrors: { field: string[] | null; message: string; code: string | null }[];
  } | null;
}
