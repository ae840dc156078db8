-- CreateTable
CREATE TABLE "WorkflowRun" (
    "workflowId" TEXT NOT NULL PRIMARY KEY,
    "campaignId" TEXT NOT NULL,
    "agencyCode" TEXT,
    "runId" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "TamperedRun" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "workflowId" TEXT NOT NULL,
    "runId" TEXT NOT NULL,
    "workflowType" TEXT NOT NULL,
    "campaignId" TEXT,
    "reason" TEXT NOT NULL,
    "firstSeenAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastSeenAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "attempts" INTEGER NOT NULL DEFAULT 1
);

-- CreateIndex
CREATE INDEX "WorkflowRun_campaignId_idx" ON "WorkflowRun"("campaignId");

-- CreateIndex
CREATE INDEX "TamperedRun_campaignId_firstSeenAt_idx" ON "TamperedRun"("campaignId", "firstSeenAt");
