// The driver adapter Prisma's CLI uses on PostgreSQL (prisma.config.ts), with ONE workaround.
//
// Workaround for https://github.com/prisma/prisma/issues/27403 (prisma/orm#27403): with
// @prisma/adapter-pg 6.19, `prisma migrate deploy`, `db push` and `db pull` fail with "Column type
// 'name' could not be deserialized from the database", because the schema engine reads PostgreSQL's
// catalogs, whose columns have internal types (name, char, regclass, oidvector, …) that the adapter
// does not map. Here the connection reports those columns as text (and name[] as text[]) before the
// adapter sees them. The values are already strings on the wire, so only the reported type changes.
// The app's own client never reads catalog columns and uses the adapter unchanged
// (app/db.server.ts). test/integration/postgres/cli-adapter.test.ts proves both that the upstream
// failure still happens without this and that the workaround returns the catalogs' values; drop the
// workaround when that test reports the upstream fix.
import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";

const TEXT = 25;
const TEXT_ARRAY = 1009;
/** char, name, int2vector, regproc, oidvector, pg_node_tree, regclass, regtype */
export const CATALOG_TYPES = new Set([18, 19, 22, 24, 30, 194, 2205, 2206]);
const NAME_ARRAY = 1003;
const parseTextArray = (pg.types.getTypeParser as (oid: number) => (value: string) => string[])(TEXT_ARRAY);

type Result = { fields?: { dataTypeID: number }[]; rows?: unknown[] };

/** Rewrites a query result in place: catalog types become text, name[] becomes a parsed text[]. */
export function reportCatalogTypesAsText<R>(result: R): R {
  for (const r of Array.isArray(result) ? (result as Result[]) : [result as Result]) {
    r?.fields?.forEach((field, i) => {
      if (CATALOG_TYPES.has(field.dataTypeID)) field.dataTypeID = TEXT;
      else if (field.dataTypeID === NAME_ARRAY) {
        field.dataTypeID = TEXT_ARRAY;
        for (const row of r.rows ?? []) {
          const cells = row as Record<number, unknown>;
          if (typeof cells[i] === "string") cells[i] = parseTextArray(cells[i] as string);
        }
      }
    });
  }
  return result;
}

/** A pg Client whose every result goes through reportCatalogTypesAsText (callback or promise). */
class CatalogTypesAsTextClient extends pg.Client {
  // pg's overloads cannot be restated one by one; the arguments are passed through untouched.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  override query(...args: any[]): any {
    const callback = args.findIndex((a) => typeof a === "function");
    if (callback >= 0) {
      const done = args[callback] as (error: unknown, result: unknown) => void;
      args[callback] = (error: unknown, result: unknown) =>
        done(error, error ? result : reportCatalogTypesAsText(result));
    }
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    const returned = (super.query as any)(...args);
    return returned && typeof returned.then === "function" ? returned.then(reportCatalogTypesAsText) : returned;
  }
}

/** The CLI's adapter factory for a postgres:// or postgresql:// URL. */
export function cliPostgresAdapter(connectionString: string): PrismaPg {
  // `Client` is pg-pool's documented option for the client class (missing from @types/pg 8.6)
  const config = { connectionString, Client: CatalogTypesAsTextClient } as pg.PoolConfig;
  return new PrismaPg(new pg.Pool(config), { disposeExternalPool: true });
}
