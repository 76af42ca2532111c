// Reads a request body up to a limit, refusing before it is read whole: a declared
// Content-Length above the limit is refused without reading a byte, and a body that streams
// more than the limit (no or a false Content-Length, chunked encoding) is cancelled as soon as it
// crosses it. The caller answers 413.

export class BodyTooLargeError extends Error {
  constructor(readonly limit: number) {
    super(`body larger than ${limit} bytes`);
  }
}

/** The body as UTF-8 text, or BodyTooLargeError when it is (or claims to be) longer than `limit` bytes. */
export async function readBoundedText(request: Request, limit: number): Promise<string> {
  const declared = request.headers.get("content-length");
  if (declared !== null && /^\d+$/.test(declared) && Number(declared) > limit) {
    await request.body?.cancel().catch(() => {});
    throw new BodyTooLargeError(limit);
  }
  const reader = request.body?.getReader();
  if (!reader) return "";
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel().catch(() => {});
      throw new BodyTooLargeError(limit);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString("utf8");
}
