-- CreateIndex
CREATE INDEX "Assignment_campaignId_reviewDeadline_agencyCode_idx" ON "Assignment"("campaignId", "reviewDeadline", "agencyCode");
