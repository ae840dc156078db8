-- AlterTable
ALTER TABLE "Campaign" ADD COLUMN     "calendarVersion" INTEGER NOT NULL DEFAULT 1;

-- CreateTable
CREATE TABLE "CalendarAnnouncement" (
    "version" INTEGER NOT NULL,
    "basis" TEXT NOT NULL,
    "daysOff" JSONB NOT NULL,
    "workingDays" JSONB NOT NULL,
    "corrects" INTEGER,
    "note" TEXT,
    "recordedBy" TEXT NOT NULL,
    "recordedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "CalendarAnnouncement_pkey" PRIMARY KEY ("version")
);

-- The calendar's first announcement on top of the law (hand-written): the day adjacent to National
-- Day 2026, which date-holidays cannot know (Labour Code 2019 art. 112(1)(đ) leaves it to each year).
INSERT INTO "CalendarAnnouncement" ("version", "basis", "daysOff", "workingDays", "note", "recordedBy") VALUES (2, 'Bộ luật Lao động 2019, Điều 112 khoản 1 điểm đ; phương án nghỉ lễ Quốc khánh năm 2026 của Bộ Nội vụ (số văn bản chưa kiểm chứng)', '["2026-09-01"]', '[]', 'Quốc khánh 2026: nghỉ thứ Ba 01/9 và thứ Tư 02/9', 'dondoc');
