-- CreateIndex
CREATE INDEX "AuditEvent_createdAt_id_idx" ON "AuditEvent"("createdAt" DESC, "id" DESC);

-- CreateIndex
CREATE INDEX "AuditEvent_actorId_createdAt_id_idx" ON "AuditEvent"("actorId", "createdAt" DESC, "id" DESC);

-- CreateIndex
CREATE INDEX "AuditEvent_type_createdAt_id_idx" ON "AuditEvent"("type", "createdAt" DESC, "id" DESC);


-- "By an administrator" on /admin/activity: events whose actor is someone other than their subject
-- (an administrator acting on an account, or on the installation). Rare among sign-ins, so a
-- partial index finds a page of them without walking the whole log. Not expressible in
-- schema.prisma; the query repeats this predicate exactly (server/admin/audit-log-sql.ts).
CREATE INDEX "AuditEvent_by_administrator_idx" ON "AuditEvent"("createdAt" DESC, "id" DESC)
  WHERE "actorId" IS NOT NULL AND "actorId" IS DISTINCT FROM "userId";
