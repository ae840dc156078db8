-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_Agency" (
    "campaignId" TEXT NOT NULL,
    "code" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "email" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,

    PRIMARY KEY ("campaignId", "code"),
    CONSTRAINT "Agency_campaignId_fkey" FOREIGN KEY ("campaignId") REFERENCES "Campaign" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);
-- One row per campaign that assigns the agency, with the name and e-mail it had (hand-written:
-- the generated copy cannot know campaignId).
INSERT INTO "new_Agency" ("campaignId", "code", "createdAt", "email", "kind", "name", "updatedAt") SELECT DISTINCT "Assignment"."campaignId", "Agency"."code", "Agency"."createdAt", "Agency"."email", "Agency"."kind", "Agency"."name", "Agency"."updatedAt" FROM "Agency" JOIN "Assignment" ON "Assignment"."agencyCode" = "Agency"."code";
DROP TABLE "Agency";
ALTER TABLE "new_Agency" RENAME TO "Agency";
CREATE TABLE "new_Assignment" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "campaignId" TEXT NOT NULL,
    "agencyCode" TEXT NOT NULL,
    "workflowId" TEXT NOT NULL,
    "stage" TEXT NOT NULL,
    "stageReason" TEXT,
    "reviewer" TEXT,
    "overdue" BOOLEAN NOT NULL DEFAULT false,
    "submissionDeadline" DATETIME NOT NULL,
    "resubmissionDeadline" DATETIME,
    "reviewDeadline" DATETIME,
    "returnCount" INTEGER NOT NULL DEFAULT 0,
    "currentVersion" INTEGER NOT NULL DEFAULT 0,
    "lastTransitionSeq" INTEGER NOT NULL DEFAULT 0,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "Assignment_campaignId_fkey" FOREIGN KEY ("campaignId") REFERENCES "Campaign" ("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "Assignment_campaignId_agencyCode_fkey" FOREIGN KEY ("campaignId", "agencyCode") REFERENCES "Agency" ("campaignId", "code") ON DELETE RESTRICT ON UPDATE CASCADE
);
INSERT INTO "new_Assignment" ("agencyCode", "campaignId", "createdAt", "currentVersion", "id", "lastTransitionSeq", "overdue", "resubmissionDeadline", "returnCount", "reviewDeadline", "reviewer", "stage", "stageReason", "submissionDeadline", "updatedAt", "workflowId") SELECT "agencyCode", "campaignId", "createdAt", "currentVersion", "id", "lastTransitionSeq", "overdue", "resubmissionDeadline", "returnCount", "reviewDeadline", "reviewer", "stage", "stageReason", "submissionDeadline", "updatedAt", "workflowId" FROM "Assignment";
DROP TABLE "Assignment";
ALTER TABLE "new_Assignment" RENAME TO "Assignment";
CREATE UNIQUE INDEX "Assignment_workflowId_key" ON "Assignment"("workflowId");
CREATE INDEX "Assignment_campaignId_stage_idx" ON "Assignment"("campaignId", "stage");
CREATE UNIQUE INDEX "Assignment_campaignId_agencyCode_key" ON "Assignment"("campaignId", "agencyCode");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;
