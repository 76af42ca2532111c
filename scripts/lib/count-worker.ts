// Worker thread that counts co-occurrences while the main thread reads and parses the file, so
// mining a large file uses both cores. Protocol (see BasketPipe in read-orders.ts):
//   in:  {type:"batch", items, quantities, ends, baskets} (transferred typed arrays) → out {type:"ack"}
//   in:  {type:"finish", names, options}                                        → out {type:"result", result}
// Any failure is reported as {type:"error", message}.
import { parentPort, workerData } from "node:worker_threads";
import { CooccurrenceCounter } from "../../app/domain/mining/cooccurrence";
import { mineRules, type MiningOptions } from "../../app/domain/mining/rules";

type Message =
  | { type: "batch"; items: Int32Array; quantities: Float64Array; ends: Int32Array; baskets: number }
  | { type: "finish"; names: string[]; options: MiningOptions };

const port = parentPort!;
const counter = new CooccurrenceCounter((workerData as { initialPairCapacity?: number } | null)?.initialPairCapacity);

port.on("message", (m: Message) => {
  try {
    if (m.type === "batch") {
      let start = 0;
      for (let k = 0; k < m.baskets; k++) {
        const end = m.ends[k];
        counter.addBasket(m.items, m.quantities, end - start, start);
        start = end;
      }
      port.postMessage({ type: "ack" });
    } else {
      const result = mineRules(counter, (id) => m.names[id], m.options);
      port.postMessage({ type: "result", result });
    }
  } catch (e) {
    port.postMessage({ type: "error", message: (e as Error).stack ?? String(e) });
  }
});
