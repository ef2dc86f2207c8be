import type { Metadata } from "next";
import Link from "next/link";
import { openApiDocument } from "@devicekeeper/server/api/registry";
import { ApiReference, type OpenApiDoc } from "@/components/docs/api-reference";

export const metadata: Metadata = { title: "REST API" };

/** The REST API reference, rendered from the same OpenAPI document served at /api/v1/openapi.json. */
export default function ApiDocsPage() {
  const doc = openApiDocument();
  return (
    <div className="min-h-screen bg-canvas">
      <header className="border-b border-line bg-surface">
        <div className="mx-auto flex max-w-7xl items-center justify-between gap-4 px-4 py-3">
          <Link href="/devices" className="font-semibold text-fg">
            Devicekeeper
          </Link>
          <a href="/api/v1/openapi.json" className="text-sm font-medium text-accent hover:underline">
            openapi.json
          </a>
        </div>
      </header>
      <main id="main" className="mx-auto max-w-7xl px-4 py-6 sm:py-8">
        <ApiReference doc={doc as unknown as OpenApiDoc} />
      </main>
    </div>
  );
}
