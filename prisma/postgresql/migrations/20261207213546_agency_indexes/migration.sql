-- CreateIndex
CREATE INDEX "ReviewDecision_assignmentId_idx" ON "ReviewDecision"("assignmentId");

-- CreateIndex
CREATE INDEX "Escalation_assignmentId_idx" ON "Escalation"("assignmentId");

-- CreateIndex
CREATE INDEX "Notification_assignmentId_kind_idx" ON "Notification"("assignmentId", "kind");

-- CreateIndex
CREATE INDEX "AuditEvent_assignmentId_at_idx" ON "AuditEvent"("assignmentId", "at");

-- CreateIndex
CREATE INDEX "SupportRequest_assignmentId_idx" ON "SupportRequest"("assignmentId");
