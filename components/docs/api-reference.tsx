import type { ReactNode } from "react";

type Schema = {
  $ref?: string;
  type?: string | string[];
  format?: string;
  description?: string;
  enum?: unknown[];
  const?: unknown;
  properties?: Record<string, Schema>;
  required?: string[];
  items?: Schema;
  anyOf?: Schema[];
  oneOf?: Schema[];
  example?: unknown;
  minLength?: number;
  maxLength?: number;
  pattern?: string;
  additionalProperties?: boolean | Schema;
};
type Response = { description: string; content?: Record<string, { schema: Schema; example?: unknown }> };
type Parameter = { name: string; in: string; required?: boolean; description?: string; schema?: Schema };
type Operation = {
  operationId: string;
  summary?: string;
  description?: string;
  tags?: string[];
  security?: Record<string, string[]>[];
  parameters?: Parameter[];
  requestBody?: { description?: string; required?: boolean; content?: Record<string, { schema: Schema }> };
  responses: Record<string, Response>;
};
export type OpenApiDoc = {
  info: { title: string; version: string; description?: string };
  servers?: { url: string }[];
  paths: Record<string, Record<string, Operation>>;
  components?: { schemas?: Record<string, Schema>; securitySchemes?: Record<string, { description?: string }> };
};

/** The document's descriptions use Markdown's `code` spans; render those, leave the rest as text. */
function Text({ children }: { children?: string }) {
  if (!children) return null;
  return (
    <>
      {children.split("`").map((part, i) =>
        i % 2 ? (
          <code key={i} className="rounded bg-muted px-1 text-[0.9em]">
            {part}
          </code>
        ) : (
          part
        ),
      )}
    </>
  );
}

/** A path that wraps after its slashes on a narrow screen, never inside a word. */
function PathText({ path }: { path: string }) {
  return (
    <>
      {path.split("/").map((part, i) => (
        <span key={i}>
          {i > 0 && (
            <>
              /<wbr />
            </>
          )}
          {part}
        </span>
      ))}
    </>
  );
}

/** Length and pattern limits, in words. */
function limits(s: Schema): string {
  const out: string[] = [];
  if (s.minLength !== undefined && s.maxLength !== undefined) out.push(`${s.minLength}–${s.maxLength} characters`);
  else if (s.minLength !== undefined) out.push(`at least ${s.minLength} character${s.minLength === 1 ? "" : "s"}`);
  else if (s.maxLength !== undefined) out.push(`at most ${s.maxLength} characters`);
  if (s.pattern) out.push(`matches ${s.pattern}`);
  return out.join("; ");
}

const refName = (ref: string) => ref.split("/").at(-1) ?? ref;
const METHOD_STYLE: Record<string, string> = {
  get: "bg-info-muted text-info-strong",
  post: "bg-success-muted text-success-strong",
  delete: "bg-danger-muted text-danger-strong",
};

/** A schema in one line: `UserDevice`, `string (date-time)`, `"NONE"`, `array of SettingsDevice`. */
function typeLabel(s: Schema | undefined): ReactNode {
  if (!s) return "any";
  if (s.$ref)
    return (
      <a href={`#schema-${refName(s.$ref)}`} className="font-mono text-accent hover:underline">
        {refName(s.$ref)}
      </a>
    );
  if (s.const !== undefined) return <code>{JSON.stringify(s.const)}</code>;
  if (s.enum) return <span className="font-mono">{s.enum.map((v) => JSON.stringify(v)).join(" | ")}</span>;
  const variants = s.anyOf ?? s.oneOf;
  if (variants)
    return (
      <>
        {variants.map((v, i) => (
          <span key={i}>
            {i > 0 && " or "}
            {typeLabel(v)}
          </span>
        ))}
      </>
    );
  if (s.type === "array") return <>array of {typeLabel(s.items)}</>;
  const type = Array.isArray(s.type) ? s.type.join(" | ") : (s.type ?? "object");
  return (
    <span className="font-mono">
      {type}
      {s.format ? ` (${s.format})` : ""}
    </span>
  );
}

function SchemaTable({ schema }: { schema: Schema }) {
  if (!schema.properties) return <p className="text-sm">{typeLabel(schema)}</p>;
  return (
    // Focusable, so keyboard users can scroll it sideways on a narrow screen.
    <div className="overflow-x-auto" tabIndex={0} role="region" aria-label="Fields">
      <table className="w-full text-left text-sm">
        <thead className="text-fg-subtle">
          <tr>
            <th scope="col" className="py-1 pr-4 font-medium">
              Field
            </th>
            <th scope="col" className="py-1 pr-4 font-medium">
              Type
            </th>
            <th scope="col" className="py-1 font-medium">
              Notes
            </th>
          </tr>
        </thead>
        <tbody className="divide-y divide-line-soft">
          {Object.entries(schema.properties).map(([name, prop]) => (
            <tr key={name} className="align-top">
              <td className="py-1 pr-4 font-mono">
                {name}
                {schema.required?.includes(name) ? "" : "?"}
              </td>
              <td className="py-1 pr-4">{typeLabel(prop)}</td>
              <td className="py-1 text-fg-muted">
                <Text>{prop.description}</Text>
                {prop.description && limits(prop) ? " " : ""}
                {limits(prop) && <span className="text-fg-subtle">({limits(prop)})</span>}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {schema.additionalProperties === false && <p className="mt-1 text-xs text-fg-subtle">No other fields are accepted.</p>}
    </div>
  );
}

const CREDENTIAL_LABEL: Record<string, string> = {
  bearerAuth: "Bearer token",
  basicAuth: "server key (HTTP Basic, empty password)",
  sessionCookie: "dashboard session (GET)",
};

const slug = (tag: string) =>
  tag
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-|-$/g, "");
const isError = (status: string) => Number(status) >= 400;

/** Responses as one line each: the status, the body's type, what it means. */
function ResponseList({ responses }: { responses: [string, Response][] }) {
  return (
    <dl className="mt-1 space-y-1 text-sm">
      {responses.map(([status, r]) => (
        <div key={status} className="flex gap-3">
          <dt className="w-10 shrink-0 font-mono font-semibold">{status}</dt>
          <dd>
            {typeLabel(r.content?.["application/json"]?.schema)} <span className="text-fg-muted">— {r.description}</span>
          </dd>
        </div>
      ))}
    </dl>
  );
}

type Op = { path: string; method: string; op: Operation };

/**
 * The reference: a contents list (sticky beside the routes on a wide screen, a disclosure at the
 * top on a phone), the routes grouped by family, and each family's error answers described once,
 * above its routes, instead of under every route.
 */
export function ApiReference({ doc }: { doc: OpenApiDoc }) {
  const operations: Op[] = Object.entries(doc.paths).flatMap(([path, methods]) =>
    Object.entries(methods).map(([method, op]) => ({ path, method, op })),
  );
  const tags = [...new Set(operations.map((o) => o.op.tags?.[0] ?? "other"))];
  const byTag = (tag: string) => operations.filter((o) => (o.op.tags?.[0] ?? "other") === tag);
  const base = doc.servers?.[0]?.url ?? "";
  /** The error statuses of a family, each with the first description and body it has. */
  const familyErrors = (ops: Op[]) => {
    const seen = new Map<string, Response>();
    for (const { op } of ops)
      for (const [status, r] of Object.entries(op.responses)) if (isError(status) && !seen.has(status)) seen.set(status, r);
    return [...seen.entries()].sort(([a], [b]) => Number(a) - Number(b));
  };
  const contents = (
    <ul className="space-y-3 text-sm">
      {tags.map((tag) => (
        <li key={tag}>
          <a href={`#tag-${slug(tag)}`} className="font-semibold hover:underline">
            {tag}
          </a>
          <ul className="mt-1 space-y-0.5">
            {byTag(tag).map(({ method, op }) => (
              <li key={op.operationId}>
                <a href={`#${op.operationId}`} className="block rounded px-1 py-0.5 text-fg-soft hover:bg-muted hover:text-fg">
                  <span className="inline-block w-14 font-mono text-xs uppercase text-fg-subtle">{method}</span>
                  {op.summary}
                </a>
              </li>
            ))}
          </ul>
        </li>
      ))}
      <li>
        <a href="#schemas-heading" className="font-semibold hover:underline">
          Schemas
        </a>
      </li>
    </ul>
  );
  return (
    <div className="lg:grid lg:grid-cols-[16rem_minmax(0,1fr)] lg:gap-8">
      <nav aria-label="Contents" className="hidden lg:block">
        <div className="sticky top-4 max-h-[calc(100vh-2rem)] overflow-y-auto pr-2">
          <h2 className="mb-2 text-sm font-semibold uppercase tracking-wide text-fg-subtle">Contents</h2>
          {contents}
        </div>
      </nav>
      <article className="min-w-0 space-y-10 [overflow-wrap:anywhere]">
        <header>
          <h1 className="text-2xl font-semibold">
            {doc.info.title} <span className="text-base font-normal text-fg-subtle">v{doc.info.version}</span>
          </h1>
          <p className="mt-2 max-w-3xl text-sm text-fg-soft [overflow-wrap:anywhere]">
            <Text>{doc.info.description}</Text>
          </p>
          <details className="mt-4 rounded-xl border border-line bg-surface p-3 lg:hidden">
            <summary className="min-h-11 cursor-pointer content-center font-semibold">Contents</summary>
            <nav aria-label="Contents (phone)" className="mt-2">
              {contents}
            </nav>
          </details>
          <h2 className="mt-6 text-lg font-semibold">Authentication</h2>
          <ul className="mt-2 list-disc space-y-1 pl-5 text-sm text-fg-soft">
            {Object.entries(doc.components?.securitySchemes ?? {}).map(([name, sc]) => (
              <li key={name}>
                <span className="font-medium">{CREDENTIAL_LABEL[name] ?? name}:</span> <Text>{sc.description}</Text>
              </li>
            ))}
          </ul>
        </header>

        {tags.map((tag) => {
          const ops = byTag(tag);
          const errors = familyErrors(ops);
          return (
            <section key={tag} id={`tag-${slug(tag)}`} aria-labelledby={`tag-${slug(tag)}-title`} className="scroll-mt-4 space-y-6">
              <h2 id={`tag-${slug(tag)}-title`} className="text-xl font-semibold">
                {tag}
              </h2>
              {errors.length > 0 && (
                <section aria-labelledby={`errors-${slug(tag)}`} className="rounded-xl border border-line bg-muted/60 p-4 text-sm">
                  <h3 id={`errors-${slug(tag)}`} className="font-semibold">
                    Errors in this family
                  </h3>
                  <p className="mt-1 text-fg-muted">
                    Every route below answers these the same way; each route lists which of them it can give.
                  </p>
                  <ResponseList responses={errors} />
                </section>
              )}
              {ops.map(({ path, method, op }) => {
                const responses = Object.entries(op.responses);
                const own = responses.filter(([status]) => !isError(status));
                const errorStatuses = responses.filter(([status]) => isError(status)).map(([status]) => status);
                return (
                  <section
                    key={op.operationId}
                    id={op.operationId}
                    aria-labelledby={`${op.operationId}-title`}
                    className="scroll-mt-4 rounded-xl border border-line bg-surface p-4 sm:p-5"
                  >
                    <h3 id={`${op.operationId}-title`} className="flex flex-wrap items-center gap-2 font-mono text-sm">
                      <span className={`rounded px-2 py-0.5 font-semibold uppercase ${METHOD_STYLE[method] ?? "bg-muted"}`}>{method}</span>
                      <span>
                        <PathText path={base + path} />
                      </span>
                    </h3>
                    <p className="mt-2 font-medium">{op.summary}</p>
                    {op.description && (
                      <p className="mt-1 text-sm text-fg-soft">
                        <Text>{op.description}</Text>
                      </p>
                    )}
                    <p className="mt-2 text-sm text-fg-muted">
                      Credentials:{" "}
                      {op.security?.length
                        ? op.security.map((sc) => CREDENTIAL_LABEL[Object.keys(sc)[0] ?? ""] ?? Object.keys(sc)[0]).join(" or ")
                        : "none (the body's JWT)"}
                    </p>
                    {!!op.parameters?.length && (
                      <>
                        <h4 className="mt-3 text-sm font-semibold">Parameters</h4>
                        <ul className="mt-1 space-y-1 text-sm">
                          {op.parameters.map((prm) => (
                            <li key={`${prm.in}-${prm.name}`}>
                              <code>{prm.name}</code>{" "}
                              <span className="text-fg-subtle">
                                ({prm.in}
                                {prm.required ? ", required" : ""})
                              </span>{" "}
                              {typeLabel(prm.schema)}{" "}
                              {prm.description && (
                                <>
                                  — <Text>{prm.description}</Text>
                                </>
                              )}
                            </li>
                          ))}
                        </ul>
                      </>
                    )}
                    {op.requestBody && (
                      <div className="mt-3 text-sm">
                        <h4 className="font-semibold">Request body{op.requestBody.required ? " (JSON, required)" : " (JSON, optional)"}</h4>
                        {op.requestBody.description && (
                          <p className="mt-1">
                            <Text>{op.requestBody.description}</Text>
                          </p>
                        )}
                        {op.requestBody.required && op.requestBody.content?.["application/json"] && (
                          <div className="mt-1">
                            <SchemaTable schema={op.requestBody.content["application/json"].schema} />
                          </div>
                        )}
                      </div>
                    )}
                    <h4 className="mt-3 text-sm font-semibold">Responses</h4>
                    <ResponseList responses={own} />
                    {errorStatuses.length > 0 && (
                      <p className="mt-1 text-sm text-fg-muted">
                        Errors: <span className="font-mono">{errorStatuses.join(", ")}</span> —{" "}
                        <a href={`#errors-${slug(tag)}`} className="text-accent underline">
                          as described for the family
                        </a>
                        .
                      </p>
                    )}
                  </section>
                );
              })}
            </section>
          );
        })}

        <section aria-labelledby="schemas-heading" className="scroll-mt-4 space-y-4" id="schemas">
          <h2 id="schemas-heading" className="text-xl font-semibold">
            Schemas
          </h2>
          {Object.entries(doc.components?.schemas ?? {}).map(([name, schema]) => (
            <section
              key={name}
              id={`schema-${name}`}
              aria-labelledby={`schema-${name}-title`}
              className="scroll-mt-4 rounded-xl border border-line bg-surface p-4"
            >
              <h3 id={`schema-${name}-title`} className="font-mono font-semibold">
                {name}
              </h3>
              {schema.description && <p className="mt-1 text-sm text-fg-muted">{schema.description}</p>}
              <div className="mt-2">
                <SchemaTable schema={schema} />
              </div>
              {schema.example !== undefined && (
                <pre tabIndex={0} aria-label={`${name} example`} className="mt-2 overflow-x-auto rounded bg-canvas p-2 text-xs">
                  {JSON.stringify(schema.example, null, 2)}
                </pre>
              )}
            </section>
          ))}
        </section>
      </article>
    </div>
  );
}
