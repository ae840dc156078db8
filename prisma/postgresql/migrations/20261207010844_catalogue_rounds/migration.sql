-- AlterTable
ALTER TABLE "Assignment" ADD COLUMN     "catalogueRound" INTEGER;
