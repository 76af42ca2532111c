// One job interface, two backends, chosen by the database (app/services/jobs.server.ts defines the jobs):
// - PostgreSQL: pg-boss. Jobs are rows in the `pgboss` schema; `npm run worker` processes run them,
//   web processes only send them. A queue's policy keeps one job per shop at a time ("singleton":
//   one running per shop, any number waiting; "stately": also at most one waiting, so a request
//   while one waits is merged into it). Failed jobs are retried with exponential backoff; a worker
//   that dies stops sending heartbeats and its job is retried by another. Cron schedules run once
//   for the whole cluster (pg-boss elects the process that sends them).
// - SQLite (one process, the demo and small installs): the same jobs run in this process, one at a
//   time per shop (a promise chain per key), retried with the same backoff; their recent history is
//   kept in memory for the admin.
import { randomUUID } from "node:crypto";
import { PgBoss } from "pg-boss";

export type JobPolicy = "singleton" | "stately";

export interface JobData {
  shop?: string;
  [field: string]: unknown;
}

export interface JobContext {
  id: string;
  /** 0 on the first attempt */
  retryCount: number;
}

export interface JobDefinition {
  /** per `data.shop` when the job has one, else for the whole queue */
  policy: JobPolicy;
  retryLimit: number;
  /** first retry after this many seconds, then doubling */
  retryDelaySeconds: number;
  /** an attempt running longer is failed (and retried) */
  expireInSeconds: number;
  /** PostgreSQL: a worker that stops heartbeating for this long (it died) loses the job to a retry */
  heartbeatSeconds?: number;
  /** jobs of this queue one worker process runs at once */
  concurrency: number;
  /** PostgreSQL: sent on this cron schedule, once for the cluster */
  cron?: string;
  run: (data: JobData, context: JobContext) => Promise<void>;
}

export type JobDefinitions = Record<string, JobDefinition>;

export type JobState = "created" | "retry" | "active" | "completed" | "cancelled" | "failed";

/** What the admin shows of a job. */
export interface JobRecord {
  id: string;
  name: string;
  shop: string | null;
  state: JobState;
  /** attempts started so far */
  attempts: number;
  retryLimit: number;
  lastError: string | null;
  createdAt: Date;
  startedAt: Date | null;
  finishedAt: Date | null;
}

export interface JobQueue {
  readonly backend: "in-process" | "pg-boss";
  /** Sends a job; null when the policy merged it into one already waiting. */
  enqueue(name: string, data?: JobData): Promise<string | null>;
  /** The shop's recent jobs, newest first. */
  recent(shop: string, limit?: number): Promise<JobRecord[]>;
  stop(): Promise<void>;
}

const errorText = (error: unknown) => (error instanceof Error ? error.message : String(error)).slice(0, 2000);

/** Delay before retry number `retryCount` (1-based), as pg-boss computes it without jitter. */
export function retryDelayMs(definition: JobDefinition, retryCount: number): number {
  return definition.retryDelaySeconds * 1000 * 2 ** Math.max(0, retryCount - 1);
}

// ---------------------------------------------------------------------------------------------
// SQLite: in this process.

export class InProcessQueue implements JobQueue {
  readonly backend = "in-process" as const;
  private readonly chains = new Map<string, Promise<void>>();
  private readonly records: (JobRecord & { data: JobData })[] = [];
  private readonly timers = new Set<NodeJS.Timeout>();
  private stopped = false;

  constructor(private readonly definitions: JobDefinitions) {}

  private key(name: string, data: JobData): string {
    return `${name}|${data.shop ?? ""}`;
  }

  async enqueue(name: string, data: JobData = {}): Promise<string | null> {
    const definition = this.definitions[name];
    if (!definition) throw new Error(`unknown job ${name}`);
    const key = this.key(name, data);
    if (
      definition.policy === "stately" &&
      this.records.some((r) => r.state === "created" && this.key(r.name, r.data) === key)
    )
      return null;
    const record = {
      id: randomUUID(),
      name,
      shop: data.shop ?? null,
      state: "created" as JobState,
      attempts: 0,
      retryLimit: definition.retryLimit,
      lastError: null,
      createdAt: new Date(),
      startedAt: null,
      finishedAt: null,
      data,
    };
    this.records.unshift(record);
    if (this.records.length > 500) this.records.length = 500;
    this.schedule(record, definition);
    return record.id;
  }

  private schedule(record: JobRecord & { data: JobData }, definition: JobDefinition): void {
    const key = this.key(record.name, record.data);
    const next = (this.chains.get(key) ?? Promise.resolve()).then(() => this.attempt(record, definition));
    this.chains.set(key, next);
    void next.finally(() => {
      if (this.chains.get(key) === next) this.chains.delete(key);
    });
  }

  private async attempt(record: JobRecord & { data: JobData }, definition: JobDefinition): Promise<void> {
    // after the current request's answer is on its way (the SQLite driver works synchronously)
    await new Promise((resolve) => setImmediate(resolve));
    if (this.stopped) return;
    record.state = "active";
    record.startedAt = new Date();
    record.attempts++;
    try {
      await definition.run(record.data, { id: record.id, retryCount: record.attempts - 1 });
      record.state = "completed";
      record.finishedAt = new Date();
    } catch (error) {
      record.lastError = errorText(error);
      if (record.attempts > definition.retryLimit) {
        record.state = "failed";
        record.finishedAt = new Date();
        console.error(`[jobs] ${record.name} ${record.shop ?? ""} failed for good: ${record.lastError}`);
        return;
      }
      record.state = "retry";
      const timer = setTimeout(
        () => {
          this.timers.delete(timer);
          this.schedule(record, definition);
        },
        retryDelayMs(definition, record.attempts),
      );
      timer.unref();
      this.timers.add(timer);
    }
  }

  async recent(shop: string, limit = 20): Promise<JobRecord[]> {
    return this.records
      .filter((r) => r.shop === shop)
      .slice(0, limit)
      .map(({ data: _data, ...record }) => ({ ...record }));
  }

  /** Resolves when nothing is running or waiting (tests). */
  async idle(): Promise<void> {
    while (this.chains.size) await Promise.all([...this.chains.values()]);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    for (const timer of this.timers) clearTimeout(timer);
  }
}

// ---------------------------------------------------------------------------------------------
// PostgreSQL: pg-boss.

export interface PgQueueOptions {
  url: string;
  /** run jobs (a worker process) or only send them (a web process) */
  work: boolean;
  /** pg-boss's own connections in this process */
  poolSize?: number;
  /** seconds between pg-boss's supervision passes (expired jobs, missed heartbeats) */
  superviseIntervalSeconds?: number;
}

export class PgBossQueue implements JobQueue {
  readonly backend = "pg-boss" as const;
  readonly boss: PgBoss;

  private constructor(
    private readonly definitions: JobDefinitions,
    options: PgQueueOptions,
  ) {
    this.boss = new PgBoss({
      connectionString: options.url,
      max: options.poolSize ?? (options.work ? 6 : 3),
      application_name: options.work ? "pairwise-worker" : "pairwise-web",
      // a web process only sends jobs; workers supervise (expiry, heartbeats, retention) and run the cron
      supervise: options.work,
      schedule: options.work,
      ...(options.superviseIntervalSeconds ? { superviseIntervalSeconds: options.superviseIntervalSeconds } : {}),
    });
    this.boss.on("error", (error: unknown) => console.error("[jobs] pg-boss:", error));
  }

  /** Installs or upgrades pg-boss's schema when needed (under its advisory lock), creates the queues, starts. */
  static async start(definitions: JobDefinitions, options: PgQueueOptions): Promise<PgBossQueue> {
    const queue = new PgBossQueue(definitions, options);
    const { boss } = queue;
    await boss.start();
    for (const [name, d] of Object.entries(definitions)) {
      const settings = {
        retryLimit: d.retryLimit,
        retryDelay: d.retryDelaySeconds,
        retryBackoff: true,
        expireInSeconds: d.expireInSeconds,
        ...(d.heartbeatSeconds ? { heartbeatSeconds: d.heartbeatSeconds } : {}),
      };
      const existing = await boss.getQueue(name);
      if (!existing)
        await boss.createQueue(name, { policy: d.policy, ...settings }).catch(async (error: unknown) => {
          // another process created it meanwhile
          if (!(await boss.getQueue(name))) throw error;
        });
      else if (options.work) await boss.updateQueue(name, settings);
    }
    if (options.work) {
      for (const [name, d] of Object.entries(definitions)) {
        await boss.work<JobData>(name, { localConcurrency: d.concurrency, batchSize: 1 }, async ([job]) => {
          await d.run(job.data ?? {}, { id: job.id, retryCount: job.retryCount });
        });
        if (d.cron) await boss.schedule(name, d.cron, {});
      }
    }
    return queue;
  }

  async enqueue(name: string, data: JobData = {}): Promise<string | null> {
    if (!this.definitions[name]) throw new Error(`unknown job ${name}`);
    return this.boss.send(name, data, data.shop ? { singletonKey: data.shop } : {});
  }

  async recent(shop: string, limit = 20): Promise<JobRecord[]> {
    const { rows } = await this.boss.getDb().executeSql(
      `SELECT id, name, state, retry_count, retry_limit, output, created_on, started_on, completed_on
         FROM pgboss.job WHERE singleton_key = $1 ORDER BY created_on DESC LIMIT $2`,
      [shop, limit],
    );
    return (rows as PgJobRow[]).map((row) => toRecord(row, shop));
  }

  async stop(): Promise<void> {
    await this.boss.stop({ graceful: true, timeout: 10_000 });
  }
}

interface PgJobRow {
  id: string;
  name: string;
  state: JobState;
  retry_count: number;
  retry_limit: number;
  output: unknown;
  created_on: Date;
  started_on: Date | null;
  completed_on: Date | null;
}

function toRecord(row: PgJobRow, shop: string): JobRecord {
  const output = row.output as { message?: string } | null;
  const started = row.started_on != null;
  return {
    id: row.id,
    name: row.name,
    shop,
    state: row.state,
    // retry_count counts the attempts after the first one that started
    attempts: started ? row.retry_count + 1 : row.retry_count,
    retryLimit: row.retry_limit,
    lastError: output && typeof output.message === "string" ? output.message.slice(0, 2000) : null,
    createdAt: new Date(row.created_on),
    startedAt: row.started_on ? new Date(row.started_on) : null,
    finishedAt: row.completed_on ? new Date(row.completed_on) : null,
  };
}

// ---------------------------------------------------------------------------------------------
// This process's queue.

let current: JobQueue | null = null;

export function setJobQueue(queue: JobQueue | null): void {
  current = queue;
}

export function jobQueue(): JobQueue | null {
  return current;
}

/** Sends a job through this process's queue; null when none is running here (then the caller does the work itself). */
export async function enqueueJob(name: string, data: JobData = {}): Promise<{ id: string | null } | null> {
  if (!current) return null;
  return { id: await current.enqueue(name, data) };
}

/** The shop's recent background jobs (empty when no queue runs in this process). */
export async function recentJobs(shop: string, limit = 20): Promise<JobRecord[]> {
  return current ? current.recent(shop, limit) : [];
}

/** Asks for a mining run of the shop: a job on PostgreSQL (a worker runs it); "local" on SQLite, where the caller runs it. */
export async function requestMining(shop: string, trigger: string): Promise<"queued" | "merged" | "local"> {
  if (current?.backend !== "pg-boss") return "local";
  const id = await current.enqueue("mining", { shop, trigger });
  return id ? "queued" : "merged";
}
