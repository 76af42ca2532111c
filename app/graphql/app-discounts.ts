// The shop's active discounts, to tell whether Pairwise's automatic discount (created from its
// discount function) is live: the setup checklist's "discounts active" step.
export const ACTIVE_DISCOUNTS_QUERY = /* GraphQL */ `
  query ActiveDiscounts {
    discountNodes(first: 50, query: "status:active") {
      nodes {
        id
        discount {
          __typename
          ... on DiscountAutomaticApp {
            title
            status
            appDiscountType {
              appKey
              functionId
            }
          }
        }
      }
    }
  }
`;

export interface ActiveDiscountsData {
  discountNodes: {
    nodes: {
      id: string;
      discount: { __typename: string; title?: string; status?: string; appDiscountType?: { appKey: string; functionId: string } };
    }[];
  };
}
