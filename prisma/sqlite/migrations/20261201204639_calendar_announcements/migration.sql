-- CreateTable
CREATE TABLE "CalendarAnnouncement" (
    "version" INTEGER NOT NULL PRIMARY KEY,
    "basis" TEXT NOT NULL,
    "daysOff" JSONB NOT NULL,
    "workingDays" JSONB NOT NULL,
    "corrects" INTEGER,
    "note" TEXT,
    "recordedBy" TEXT NOT NULL,
    "recordedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_Campaign" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "directiveNumber" TEXT NOT NULL,
    "directiveDate" DATETIME NOT NULL,
    "title" TEXT NOT NULL,
    "submissionDeadline" DATETIME NOT NULL,
    "approvalDeadline" DATETIME,
    "status" TEXT NOT NULL DEFAULT 'running',
    "reviewer" TEXT,
    "approver" TEXT,
    "definition" JSONB,
    "consolidatedAt" DATETIME,
    "decisionNumber" TEXT,
    "decisionDate" DATETIME,
    "decisionSigner" TEXT,
    "approvedAt" DATETIME,
    "calendarVersion" INTEGER NOT NULL DEFAULT 1,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);
INSERT INTO "new_Campaign" ("approvalDeadline", "approvedAt", "approver", "consolidatedAt", "createdAt", "decisionDate", "decisionNumber", "decisionSigner", "definition", "directiveDate", "directiveNumber", "id", "reviewer", "status", "submissionDeadline", "title", "updatedAt") SELECT "approvalDeadline", "approvedAt", "approver", "consolidatedAt", "createdAt", "decisionDate", "decisionNumber", "decisionSigner", "definition", "directiveDate", "directiveNumber", "id", "reviewer", "status", "submissionDeadline", "title", "updatedAt" FROM "Campaign";
DROP TABLE "Campaign";
ALTER TABLE "new_Campaign" RENAME TO "Campaign";
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- The calendar's first announcement on top of the law (hand-written): the day adjacent to National
-- Day 2026, which date-holidays cannot know (Labour Code 2019 art. 112(1)(đ) leaves it to each year).
INSERT INTO "CalendarAnnouncement" ("version", "basis", "daysOff", "workingDays", "note", "recordedBy") VALUES (2, 'Bộ luật Lao động 2019, Điều 112 khoản 1 điểm đ; phương án nghỉ lễ Quốc khánh năm 2026 của Bộ Nội vụ (số văn bản chưa kiểm chứng)', '["2026-09-01"]', '[]', 'Quốc khánh 2026: nghỉ thứ Ba 01/9 và thứ Tư 02/9', 'dondoc');
