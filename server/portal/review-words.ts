import type { Database } from '../../prisma/database';
import { loadCampaignDeliverable } from '../../read-side/campaign-deliverable';

// The words of the reviewer's pages for what the agencies of a campaign deliver: letter 751's lists
// consolidated into a catalogue, or a declared deliverable (a report, a checklist) whose accepted
// submissions are consolidated into results. A reviewer of a checklist never reads "danh mục".

export interface ReviewWords {
  /** One agency's delivery: "danh sách" or "bản nộp"; `Item` starts a sentence. */
  item: string;
  Item: string;
  /** What consolidation makes: "danh mục" or "kết quả"; `Result` starts a sentence. */
  result: string;
  Result: string;
}

export const LIST_WORDS: ReviewWords = { item: 'danh sách', Item: 'Danh sách', result: 'danh mục', Result: 'Danh mục' };
export const DECLARED_WORDS: ReviewWords = { item: 'bản nộp', Item: 'Bản nộp', result: 'kết quả', Result: 'Kết quả' };

export async function reviewWords(db: Database, campaignId: string): Promise<ReviewWords> {
  return (await loadCampaignDeliverable(db, campaignId)) ? DECLARED_WORDS : LIST_WORDS;
}
