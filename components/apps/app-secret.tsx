"use client";

import { OneTimeSecret } from "@/components/ui/one-time-secret";
import type { AppSummary } from "@/lib/validation/apps";

/** An app's client secret, shown once (after it is added, or its secret rotated), with what the app is configured with. */
export function AppSecret({
  app,
  secret,
  issuer,
  heading,
  onDone,
}: {
  app: Pick<AppSummary, "name" | "clientId">;
  secret: string;
  issuer: string;
  heading: string;
  onDone: () => void;
}) {
  return (
    <OneTimeSecret
      heading={heading}
      explanation={`It will not be shown again: Devicekeeper keeps it sealed and shows only its first characters. Give it to ${app.name} now; if it is lost, rotate it.`}
      label="Client secret"
      secret={secret}
      example={`Issuer:        ${issuer}\nClient ID:     ${app.clientId}\nClient secret: ${secret}`}
      onDone={onDone}
    />
  );
}
