// The two Shopify Functions as Shopify would build and run them, short of the Wasm step (Javy is
// downloaded by Shopify CLI at build time, so it cannot run here):
//  - each input query is valid against the real Function API schema of its target (2026-10);
//  - each fixture (input + expected output) is valid for its query and target, checked with
//    Shopify's own @shopify/shopify-function-test-helpers (validateTestAssets);
//  - the esbuild bundle the CLI would hand to Javy gives the fixture's output in QuickJS (Javy's
//    engine) and the same output in Node.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { loadFixture, loadInputQuery, validateTestAssets } from "@shopify/shopify-function-test-helpers";
import { parse, type GraphQLSchema } from "graphql";
import { beforeAll, describe, expect, it } from "vitest";
import {
  bundleFunction,
  CART_TRANSFORM,
  DISCOUNT_FUNCTION,
  runInNode,
  runInQuickJS,
  type FunctionTarget,
} from "../../../app/lib/shopify-function.server";
import type { FunctionApi } from "../../../scripts/shopify-schema";
import { adminSchemaErrors, loadFunctionSchema } from "../../support/shopify-schema";
import {
  bytesOf,
  cartInput,
  FUNCTION_INPUT_LIMIT,
  FUNCTION_METAFIELD_LIMIT,
  ruleSizes,
  scaleShop,
} from "../../../scripts/lib/function-scale";

const functions: { api: FunctionApi; target: FunctionTarget; shopifyTarget: string; query: string }[] = [
  {
    api: "discount",
    target: DISCOUNT_FUNCTION,
    shopifyTarget: "cart.lines.discounts.generate.run",
    query: "src/cart_lines_discounts_generate_run.graphql",
  },
  {
    api: "cart_transform",
    target: CART_TRANSFORM,
    shopifyTarget: "cart.transform.run",
    query: "src/cart_transform_run.graphql",
  },
];

describe.each(functions)("$target.dir", ({ api, target, shopifyTarget, query }) => {
  let schema: GraphQLSchema;
  let bundle: string;
  const fixtureDir = join(target.dir, "tests/fixtures");
  const fixtures = readdirSync(fixtureDir).filter((f) => f.endsWith(".json"));

  beforeAll(async () => {
    [schema, bundle] = await Promise.all([loadFunctionSchema(api), bundleFunction(target)]);
  }, 120_000);

  it("declares the target, query and export the code implements", () => {
    const toml = readFileSync(join(target.dir, "shopify.extension.toml"), "utf8");
    expect(toml).toContain('api_version = "2026-10"');
    expect(toml).toContain(`target = "${shopifyTarget}"`);
    expect(toml).toContain(`input_query = "${query}"`);
    expect(toml).toContain(`export = "${target.exportName}"`);
  });

  it(`input query is valid against functions_${api}_2026-10`, () => {
    expect(adminSchemaErrors(schema, readFileSync(join(target.dir, query), "utf8"))).toEqual([]);
    // the check can fail: a field the schema does not have
    expect(adminSchemaErrors(schema, "query Q { cart { lines { id price } } }")).not.toEqual([]);
  });

  it("has fixtures", () => expect(fixtures.length).toBeGreaterThanOrEqual(3));

  it.each(fixtures)("fixture %s is valid (validateTestAssets) and QuickJS and Node give its output", async (file) => {
    const fixture = await loadFixture(join(fixtureDir, file));
    expect(fixture.target).toBe(shopifyTarget);
    expect(fixture.export).toBe(target.exportName);
    const result = await validateTestAssets({
      schema,
      fixture,
      inputQueryAST: await loadInputQuery(join(target.dir, query)),
    });
    expect(result.inputQuery.errors).toEqual([]);
    expect(result.inputFixture.errors).toEqual([]);
    expect(result.outputFixture.errors).toEqual([]);
    const quick = await runInQuickJS(bundle, target.exportName, fixture.input);
    expect(quick.output).toEqual(fixture.expectedOutput);
    expect(await runInNode(bundle, target.exportName, fixture.input)).toEqual(fixture.expectedOutput);
  });

  it("validateTestAssets catches an output the target does not accept (the check can fail)", async () => {
    const fixture = await loadFixture(join(fixtureDir, fixtures[0]));
    const wrong = { ...fixture, expectedOutput: { operations: [{ notAnOperation: {} }] } };
    const result = await validateTestAssets({
      schema,
      fixture: wrong,
      inputQueryAST: parse(readFileSync(join(target.dir, query), "utf8")),
    });
    expect(result.outputFixture.errors).not.toEqual([]);
  });
});

describe("the discount function's input at scale", () => {
  let schema: GraphQLSchema;
  let bundle: string;
  const query = join(DISCOUNT_FUNCTION.dir, "src/cart_lines_discounts_generate_run.graphql");
  // 1,000 discounted offers and 200 bundles over 2,000 products, triggers on products, tags and collections
  const shop = scaleShop(1000, 200);

  beforeAll(async () => {
    [schema, bundle] = await Promise.all([loadFunctionSchema("discount"), bundleFunction(DISCOUNT_FUNCTION)]);
  }, 120_000);

  it("keeps every product's rules far under the 10,000 bytes Shopify returns of a metafield", () => {
    const sizes = ruleSizes(shop.config);
    expect(sizes.length).toBeGreaterThan(1500);
    expect(sizes[0].bytes).toBeLessThan(FUNCTION_METAFIELD_LIMIT / 10);
  });

  it.each(["random", "worst"] as const)(
    "a 200-line cart (%s products) is a valid input of the real schema and fits in 64,000 bytes",
    async (mode) => {
      const input = cartInput(shop, 200, mode);
      expect(input.cart.lines).toHaveLength(200);
      expect(bytesOf(input)).toBeLessThan(FUNCTION_INPUT_LIMIT);
      const expectedOutput = await runInNode(bundle, DISCOUNT_FUNCTION.exportName, input);
      const result = await validateTestAssets({
        schema,
        fixture: {
          export: DISCOUNT_FUNCTION.exportName,
          target: "cart.lines.discounts.generate.run",
          input: input as unknown as Record<string, unknown>,
          expectedOutput: expectedOutput as Record<string, unknown>,
        },
        inputQueryAST: await loadInputQuery(query),
      });
      expect(result.inputQuery.errors).toEqual([]);
      expect(result.inputFixture.errors).toEqual([]);
      expect(result.outputFixture.errors).toEqual([]);
      // the cart's offered lines whose trigger is in the cart get their discount
      const ops = (expectedOutput as { operations: { productDiscountsAdd: { candidates: unknown[] } }[] }).operations;
      expect(ops[0]?.productDiscountsAdd.candidates.length ?? 0).toBeGreaterThan(0);
    },
  );

  it("the size check can fail: a 600-line cart of the same shop does not fit", () => {
    expect(bytesOf(cartInput(shop, 600, "random"))).toBeGreaterThan(FUNCTION_INPUT_LIMIT);
  });
});
