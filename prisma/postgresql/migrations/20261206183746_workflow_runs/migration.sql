-- CreateTable
CREATE TABLE "WorkflowRun" (
    "workflowId" TEXT NOT NULL,
    "campaignId" TEXT NOT NULL,
    "agencyCode" TEXT,
    "runId" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "WorkflowRun_pkey" PRIMARY KEY ("workflowId")
);

-- CreateTable
CREATE TABLE "TamperedRun" (
    "id" TEXT NOT NULL,
    "workflowId" TEXT NOT NULL,
    "runId" TEXT NOT NULL,
    "workflowType" TEXT NOT NULL,
    "campaignId" TEXT,
    "reason" TEXT NOT NULL,
    "firstSeenAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastSeenAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "attempts" INTEGER NOT NULL DEFAULT 1,

    CONSTRAINT "TamperedRun_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "WorkflowRun_campaignId_idx" ON "WorkflowRun"("campaignId");

-- CreateIndex
CREATE INDEX "TamperedRun_campaignId_firstSeenAt_idx" ON "TamperedRun"("campaignId", "firstSeenAt");
