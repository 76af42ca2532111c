// The app's installation on the shop: the owner of its app-data metafields, which the theme blocks
// read in Liquid as `app.metafields`, and the storefront facts they hold now
// (services/storefront/storefront-facts.server.ts).
export const APP_INSTALLATION_QUERY = /* GraphQL */ `
  query PairwiseAppInstallation {
    currentAppInstallation {
      id
      storefront: metafield(namespace: "pairwise", key: "storefront") {
        value
      }
      empty: metafield(namespace: "pairwise", key: "empty") {
        value
      }
    }
  }
`;

// Response type: generated from the Admin schema (npm run graphql:types).
export type { PairwiseAppInstallationQuery as AppInstallationData } from "./generated/admin.generated";
