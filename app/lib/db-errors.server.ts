// What a database error means, in one place.

/** A unique constraint refused the row: someone else wrote it first. */
export function isUniqueViolation(error: unknown): boolean {
  return typeof error === "object" && error !== null && (error as { code?: string }).code === "P2002";
}

/**
 * Runs a check-then-insert transaction again when a concurrent writer inserted the same row
 * between its check and its insert. On PostgreSQL (READ COMMITTED) two processes writing the same
 * new order both see none and both insert; the loser's second attempt sees the winner's row and
 * updates it. (SQLite serialises writers, so there the first attempt always wins.)
 */
export async function retryOnUniqueViolation<T>(run: () => Promise<T>, attempts = 3): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await run();
    } catch (error) {
      if (attempt >= attempts || !isUniqueViolation(error)) throw error;
    }
  }
}
