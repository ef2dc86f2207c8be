-- CreateTable
CREATE TABLE "AuthFailure" (
    "id" UUID NOT NULL,
    "accountHash" TEXT NOT NULL,
    "ip" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "AuthFailure_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "AuthFailure_ip_accountHash_createdAt_idx" ON "AuthFailure"("ip", "accountHash", "createdAt");

-- CreateIndex
CREATE INDEX "AuthFailure_ip_createdAt_idx" ON "AuthFailure"("ip", "createdAt");

-- CreateIndex
CREATE INDEX "AuthFailure_createdAt_idx" ON "AuthFailure"("createdAt");

