-- CreateIndex
CREATE INDEX "Agency_campaignId_updatedAt_idx" ON "Agency"("campaignId", "updatedAt");

-- CreateIndex
CREATE INDEX "Assignment_campaignId_updatedAt_idx" ON "Assignment"("campaignId", "updatedAt");

-- CreateIndex
CREATE INDEX "AuditEvent_campaignId_action_idx" ON "AuditEvent"("campaignId", "action");
