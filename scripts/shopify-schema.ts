// Makes Shopify's real Admin GraphQL schema (API version 2026-10, introspection JSON) available
// at .cache/shopify/admin_2026-10.json, for validating every document the app sends, and the
// Function API schemas the input queries of extensions/pairwise-discount and pairwise-bundle are
// validated against (functions_discount_2026-10, functions_cart_transform_2026-10).
// Source: the npm package @shopify/dev-mcp@1.16.0 (ISC), which ships the introspection schemas
// under package/dist/data/. Only that one member is extracted; the schema is never committed.
//
//   npm run schema:fetch          (idempotent: does nothing when the file is already there)
import { execFileSync } from "node:child_process";
import {
  createReadStream,
  createWriteStream,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  renameSync,
  rmSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { pipeline } from "node:stream/promises";
import { pathToFileURL } from "node:url";
import { createGunzip } from "node:zlib";

export const ADMIN_API_VERSION = "2026-10";
export const SCHEMA_PACKAGE = "@shopify/dev-mcp@1.16.0";
export const FUNCTION_API_VERSION = "2026-10";
export type FunctionApi = "discount" | "cart_transform";

export function adminSchemaPath(root = process.cwd()): string {
  return resolve(root, ".cache/shopify", `admin_${ADMIN_API_VERSION}.json`);
}

/** Returns the path of the Admin schema JSON, downloading it first when it is absent. */
export function ensureAdminSchema(root = process.cwd()): Promise<string> {
  return ensureSchema(`admin_${ADMIN_API_VERSION}`, root);
}

/** Returns the path of a Function API schema JSON (e.g. functions_discount_2026-10), downloading it first when absent. */
export function ensureFunctionSchema(api: FunctionApi, root = process.cwd()): Promise<string> {
  return ensureSchema(`functions_${api}_${FUNCTION_API_VERSION}`, root);
}

async function ensureSchema(name: string, root: string): Promise<string> {
  const MEMBER = `package/dist/data/${name}.json.gz`;
  const target = resolve(root, ".cache/shopify", `${name}.json`);
  if (existsSync(target)) return target;
  mkdirSync(resolve(target, ".."), { recursive: true });
  const work = mkdtempSync(join(tmpdir(), "pairwise-schema-"));
  try {
    execFileSync("npm", ["pack", SCHEMA_PACKAGE, "--pack-destination", work, "--silent"], {
      cwd: work,
      stdio: ["ignore", "pipe", "pipe"],
    });
    const tarball = readdirSync(work).find((f) => f.endsWith(".tgz"));
    if (!tarball) throw new Error(`npm pack ${SCHEMA_PACKAGE} produced no tarball`);
    execFileSync("tar", ["-xzf", join(work, tarball), "-C", work, MEMBER], { stdio: ["ignore", "pipe", "pipe"] });
    // Write beside the target and rename: concurrent test workers never see a half-written file.
    const partial = `${target}.${process.pid}.partial`;
    await pipeline(createReadStream(join(work, MEMBER)), createGunzip(), createWriteStream(partial));
    renameSync(partial, target);
    return target;
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  Promise.all([ensureAdminSchema(), ensureFunctionSchema("discount"), ensureFunctionSchema("cart_transform")])
    .then((paths) => console.log(`Shopify schemas: ${paths.join(", ")}`))
    .catch((err: unknown) => {
      console.error(err instanceof Error ? err.message : err);
      process.exit(1);
    });
}
