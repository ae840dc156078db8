-- DropForeignKey
ALTER TABLE "Assignment" DROP CONSTRAINT "Assignment_agencyCode_fkey";

-- One row per campaign that assigns the agency, with the name and e-mail it had (hand-written:
-- the generated ALTER TABLE cannot know campaignId). Agencies no campaign assigns are dropped.
CREATE TABLE "Agency_per_campaign" AS
SELECT DISTINCT "Assignment"."campaignId", "Agency"."code", "Agency"."name", "Agency"."kind", "Agency"."email", "Agency"."createdAt", "Agency"."updatedAt"
FROM "Agency" JOIN "Assignment" ON "Assignment"."agencyCode" = "Agency"."code";
DELETE FROM "Agency";

-- AlterTable
ALTER TABLE "Agency" DROP CONSTRAINT "Agency_pkey",
ADD COLUMN     "campaignId" TEXT NOT NULL,
ADD CONSTRAINT "Agency_pkey" PRIMARY KEY ("campaignId", "code");

INSERT INTO "Agency" ("campaignId", "code", "name", "kind", "email", "createdAt", "updatedAt")
SELECT "campaignId", "code", "name", "kind", "email", "createdAt", "updatedAt" FROM "Agency_per_campaign";
DROP TABLE "Agency_per_campaign";

-- AddForeignKey
ALTER TABLE "Agency" ADD CONSTRAINT "Agency_campaignId_fkey" FOREIGN KEY ("campaignId") REFERENCES "Campaign"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Assignment" ADD CONSTRAINT "Assignment_campaignId_agencyCode_fkey" FOREIGN KEY ("campaignId", "agencyCode") REFERENCES "Agency"("campaignId", "code") ON DELETE RESTRICT ON UPDATE CASCADE;
