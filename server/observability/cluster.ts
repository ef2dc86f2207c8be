import "server-only";
import cluster from "node:cluster";
import client from "prom-client";

/*
 * What the server processes of one machine (SERVER_PROCESSES > 1, server/boot/supervise.ts) say to
 * each other, through their primary: a scrape of /metrics, which lands on one of them, answers for
 * all of them (a series per process); and a cache dropped on one is dropped on the others at once.
 * A single process (the default, and every test that does not ask for more) has no primary: each
 * call here is then a no-op or reads this process alone.
 */

const ASK = "devicekeeper:ask-metrics";
const ANSWER = "devicekeeper:metrics";
const SIBLINGS = "devicekeeper:siblings";
// Longer than prom-client's own 5 s for the workers' answers: its error is the one that says why.
const ANSWER_WITHIN_MS = 6_000;

/** Set by the primary on each process it starts (its number, from 1): node:cluster alone could be another launcher's. */
export const SERVER_PROCESS_ENV = "DEVICEKEEPER_SERVER_PROCESS";
/** This process's number among the server processes of the port, or null when it serves alone. */
export const serverProcessNumber = (): string | null => (cluster.isWorker && process.env[SERVER_PROCESS_ENV]) || null;

type Message = { type?: unknown; id?: unknown; text?: unknown; error?: unknown; topic?: unknown; payload?: unknown };
const isMessage = (m: unknown): m is Message => typeof m === "object" && m !== null;

const waiting = new Map<number, { resolve: (text: string) => void; reject: (e: Error) => void; timer: NodeJS.Timeout }>();
const handlers = new Map<string, ((payload: unknown) => void)[]>();
let asked = 0;
let listening = false;

function listenToPrimary(): void {
  if (listening) return;
  listening = true;
  process.on("message", (m: unknown) => {
    if (!isMessage(m)) return;
    if (m.type === ANSWER && typeof m.id === "number") {
      const w = waiting.get(m.id);
      if (!w) return;
      waiting.delete(m.id);
      clearTimeout(w.timer);
      if (typeof m.text === "string") w.resolve(m.text);
      else w.reject(new Error(`metrics of the other server processes: ${String(m.error)}`));
    } else if (m.type === SIBLINGS && typeof m.topic === "string") {
      for (const fn of handlers.get(m.topic) ?? []) fn(m.payload);
    }
  });
}

/**
 * In a server process of several: its own metrics (`own`) carry its number as the label `process`,
 * so each is a series of its own — a process replaced starts its counters at zero, as an instance
 * restarted does, rather than lowering a sum — while `shared` (figures read from the database, the
 * same in every process) is reported once. The primary collects both from each process
 * (prom-client's AggregatorRegistry over the IPC channel). Called once, where the registries are made.
 */
export function shareMetrics(own: client.Registry, shared: client.Registry): void {
  const n = serverProcessNumber();
  if (!n) return;
  own.setDefaultLabels({ process: n });
  client.AggregatorRegistry.setRegistries([own, shared]);
  new client.AggregatorRegistry(); // its constructor installs the process's answering side
}

/** The text of /metrics: this process's registries, or, in a server process of several, every process's. */
export function collectMetrics(own: client.Registry, shared: client.Registry): Promise<string> {
  if (!serverProcessNumber() || !process.send) return client.Registry.merge([own, shared]).metrics();
  listenToPrimary();
  return new Promise((resolve, reject) => {
    const id = ++asked;
    const timer = setTimeout(() => {
      waiting.delete(id);
      reject(new Error("metrics of the other server processes: the primary did not answer"));
    }, ANSWER_WITHIN_MS);
    waiting.set(id, { resolve, reject, timer });
    process.send!({ type: ASK, id });
  });
}

/** Tells every other server process of this machine (none when this one serves alone). */
export function tellSiblings(topic: string, payload: unknown): void {
  if (serverProcessNumber() && process.send && process.connected) process.send({ type: SIBLINGS, topic, payload });
}

/** What to do when another server process of this machine tells `topic`. */
export function onSiblings(topic: string, fn: (payload: unknown) => void): void {
  if (!serverProcessNumber()) return;
  listenToPrimary();
  handlers.set(topic, [...(handlers.get(topic) ?? []), fn]);
}

/** The primary's side: answers a worker's scrape with every worker's metrics, and passes siblings' messages on. */
export function relayForWorkers(): void {
  const aggregator = new client.AggregatorRegistry();
  cluster.on("message", (worker, m: unknown) => {
    if (!isMessage(m)) return;
    if (m.type === ASK && typeof m.id === "number") {
      const id = m.id;
      aggregator.clusterMetrics().then(
        (text) => worker.isConnected() && worker.send({ type: ANSWER, id, text }),
        (e: unknown) => worker.isConnected() && worker.send({ type: ANSWER, id, error: e instanceof Error ? e.message : String(e) }),
      );
    } else if (m.type === SIBLINGS) {
      for (const other of Object.values(cluster.workers ?? {})) if (other && other !== worker && other.isConnected()) other.send(m);
    }
  });
}
