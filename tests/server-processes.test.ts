import { describe, expect, it } from "vitest";
import { processCount } from "@/server/boot/processes";
import { ConfigError } from "@/server/config";

const count = (value: string | undefined, { dev = false, engine = "postgres" as "postgres" | "pglite", cpus = 4 } = {}) =>
  processCount({ env: { SERVER_PROCESSES: value } as unknown as NodeJS.ProcessEnv, dev, engine, cpus, startedByAnotherCluster: false });

describe("SERVER_PROCESSES: how many server processes npm start runs", () => {
  it("one when unset, with a hint on PostgreSQL when the machine has more CPUs", () => {
    expect(count(undefined)).toEqual({
      count: 1,
      hint: "Serving with one process on a machine with 4 CPUs: SERVER_PROCESSES=auto serves with one per CPU (docs/deploying.md).",
    });
    expect(count("")).toMatchObject({ count: 1 });
    expect(count(undefined, { cpus: 1 })).toEqual({ count: 1, hint: undefined });
    expect(count(undefined, { engine: "pglite" })).toEqual({ count: 1, hint: undefined });
    expect(count(undefined, { dev: true })).toEqual({ count: 1, hint: undefined });
  });

  it("a whole number, or auto for one per CPU", () => {
    expect(count("3")).toEqual({ count: 3 });
    expect(count(" 2 ")).toEqual({ count: 2 });
    expect(count("1")).toEqual({ count: 1 });
    expect(count("auto", { cpus: 6 })).toEqual({ count: 6 });
    expect(count("auto", { cpus: 1 })).toEqual({ count: 1 });
    expect(count("auto", { cpus: 200 })).toEqual({ count: 64 });
  });

  it("anything else stops the start with a message that says what is allowed", () => {
    for (const bad of ["0", "-1", "2.5", "two", "65", "1e3", "0x2"]) {
      expect(() => count(bad), bad).toThrow(ConfigError);
      expect(() => count(bad), bad).toThrow(
        `SERVER_PROCESSES must be a whole number from 1 to 64, or auto (one process per CPU); it is "${bad}".`,
      );
    }
  });

  it("ignored, with the reason, by the embedded database and by npm run dev", () => {
    expect(count("2", { engine: "pglite" })).toEqual({
      count: 1,
      ignored: "SERVER_PROCESSES=2 is ignored: the embedded database serves one process. Use PostgreSQL (DATABASE_URL) for several.",
    });
    expect(count("auto", { dev: true })).toEqual({
      count: 1,
      ignored: "SERVER_PROCESSES=auto is ignored: npm run dev serves one process.",
    });
    expect(
      processCount({
        env: { SERVER_PROCESSES: "2" } as unknown as NodeJS.ProcessEnv,
        dev: false,
        engine: "postgres",
        startedByAnotherCluster: true,
      }),
    ).toEqual({
      count: 1,
      ignored: "SERVER_PROCESSES=2 is ignored: this process is one of another cluster's (PM2's cluster mode?), which decides how many run.",
    });
    // Still checked: a typo fails there too rather than waiting for production.
    expect(() => count("zwei", { engine: "pglite" })).toThrow(ConfigError);
  });
});
