// SQLite through Prisma's better-sqlite3 driver adapter, made safe for a server.
//
// The adapter holds ONE connection. An interactive transaction (`db.$transaction(async (tx) => …)`)
// runs BEGIN on it and stays open across awaits while other requests go on; transactions run one
// after another, but a query issued outside a transaction runs at once on that same connection —
// inside the other request's open transaction. Were that transaction rolled back, the
// outside write (a webhook delivery already acknowledged with 200, a stored shopper event) would be
// rolled back with it, and an outside read would see uncommitted rows.
//
// This wrapper closes that gap: while a transaction is open, every query from outside it waits until
// the transaction has committed or rolled back, then runs. Each statement of better-sqlite3 runs
// synchronously, so a statement that starts while no transaction is open completes before any
// transaction can begin. (With several connections a database does the same with its locks.)
//
// The database file is put in WAL mode, so that a second connection (the worker threads: mining,
// follow-ups, bulk import) reads without blocking this one and writes block it only for the length
// of a short write transaction.
//
// Transactions begin IMMEDIATE: they take the write lock at BEGIN, waiting for another connection's
// write transaction (up to the busy timeout) if one holds it. A plain BEGIN starts as a reader, and
// in WAL mode a reader cannot become a writer while another connection writes, or once another
// connection has committed past its snapshot: its first write failed at once, without the busy
// wait (SQLITE_BUSY, which Prisma reports as "Operation has timed out", or "database is locked").
// Orders ingested while a worker stored its results failed that way.
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import Database from "better-sqlite3";

type Factory = InstanceType<typeof PrismaBetterSQLite3>;
type Adapter = Awaited<ReturnType<Factory["connect"]>>;
type Transaction = Awaited<ReturnType<Adapter["startTransaction"]>>;
type Query = Parameters<Adapter["queryRaw"]>[0];

/** better-sqlite3's busy timeout: how long a statement waits for another connection's write lock. */
export const BUSY_TIMEOUT_MS = 5_000;

class SerializedAdapter {
  readonly provider: Adapter["provider"];
  readonly adapterName: Adapter["adapterName"];
  /** resolved when the open transaction ends; null while none is open */
  private open: Promise<void> | null = null;

  constructor(private readonly inner: Adapter) {
    this.provider = inner.provider;
    this.adapterName = inner.adapterName;
  }

  /** Waits until no transaction is open. The caller must then issue its statement synchronously. */
  private async idle(): Promise<void> {
    while (this.open) await this.open;
  }

  async queryRaw(query: Query) {
    if (this.open) await this.idle();
    return this.inner.queryRaw(query);
  }

  async executeRaw(query: Query) {
    if (this.open) await this.idle();
    return this.inner.executeRaw(query);
  }

  async executeScript(script: string) {
    if (this.open) await this.idle();
    return this.inner.executeScript(script);
  }

  async startTransaction(isolationLevel?: Parameters<Adapter["startTransaction"]>[0]): Promise<Transaction> {
    // SQLite knows one isolation level: the adapter's own check answers any other with its error
    if (isolationLevel && isolationLevel !== "SERIALIZABLE") return this.inner.startTransaction(isolationLevel);
    // waits until no transaction is open and, with no await in between, marks this one open
    while (this.open) await this.open;
    let end!: () => void;
    this.open = new Promise<void>((resolve) => (end = resolve));
    const finish = () => {
      this.open = null;
      end();
    };
    try {
      await this.inner.executeRaw({ sql: "BEGIN IMMEDIATE", args: [], argTypes: [] });
    } catch (error) {
      finish();
      throw error;
    }
    // Prisma sends COMMIT / ROLLBACK through the transaction, then calls commit() / rollback().
    const inner = this.inner;
    return {
      provider: inner.provider,
      adapterName: inner.adapterName,
      options: { usePhantomQuery: false },
      queryRaw: (query) => inner.queryRaw(query),
      executeRaw: (query) => inner.executeRaw(query),
      commit: async () => finish(),
      rollback: async () => finish(),
    };
  }

  dispose() {
    return this.inner.dispose();
  }
}

/** Puts the database file in WAL mode (a property of the file; harmless when it already is). */
function useWal(file: string): void {
  if (file === ":memory:" || file === "") return;
  let connection: Database.Database;
  try {
    connection = new Database(file, { timeout: BUSY_TIMEOUT_MS });
  } catch {
    return; // unreachable database: the first query says so (and /healthz answers 503)
  }
  try {
    connection.pragma("journal_mode = WAL");
  } finally {
    connection.close();
  }
}

/** The driver adapter factory for `new PrismaClient({ adapter })` on a `file:` URL. */
export function sqliteAdapter(url: string): Factory {
  useWal(url.replace(/^file:/, "").split("?")[0]);
  const factory = new PrismaBetterSQLite3({ url, timeout: BUSY_TIMEOUT_MS });
  const connect = factory.connect.bind(factory);
  factory.connect = async () => new SerializedAdapter(await connect()) as unknown as Adapter;
  return factory;
}
