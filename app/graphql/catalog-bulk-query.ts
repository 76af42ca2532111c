// The catalog export run as a bulk operation: every product with its variants (price, cost,
// stock) and the collections it belongs to. Bulk JSONL puts each connection node on its own
// line with `__parentId`: Product, then its ProductVariant and Collection lines.
export const CATALOG_BULK_QUERY = /* GraphQL */ `
  {
    products {
      edges {
        node {
          id
          title
          handle
          productType
          vendor
          tags
          status
          featuredMedia {
            preview {
              image {
                url
              }
            }
          }
          variants {
            edges {
              node {
                id
                title
                sku
                price
                compareAtPrice
                inventoryQuantity
                availableForSale
                inventoryItem {
                  tracked
                  unitCost {
                    amount
                  }
                }
              }
            }
          }
          collections {
            edges {
              node {
                id
              }
            }
          }
        }
      }
    }
  }
`;

/** JSONL line: a product. */
export interface BulkProductLine {
  id: string;
  title: string;
  handle: string;
  productType: string;
  vendor: string;
  tags: string[];
  status: "ACTIVE" | "ARCHIVED" | "DRAFT" | "UNLISTED";
  featuredMedia: { preview: { image: { url: string } | null } | null } | null;
}

/** JSONL line: a variant of the product named by `__parentId`. */
export interface BulkVariantLine {
  id: string;
  title: string;
  sku: string | null;
  price: string;
  compareAtPrice: string | null;
  inventoryQuantity: number | null;
  availableForSale: boolean;
  inventoryItem: { tracked: boolean; unitCost: { amount: string } | null } | null;
  __parentId: string;
}

/** JSONL line: a collection containing the product named by `__parentId`. */
export interface BulkCollectionLine {
  id: string;
  __parentId: string;
}
