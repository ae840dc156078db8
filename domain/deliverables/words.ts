// How pages name what agencies deliver and what consolidation makes of it: letter 751's lists and
// their catalogue, or any declared deliverable's submissions and their consolidated result.

export interface DeliverableWords {
  /** One agency's delivery: "danh sách" or "bài nộp" (Vietnamese needs no plural). */
  item: string;
  /** The same, capitalised to open a title. */
  Item: string;
  /** What consolidation makes of them: "danh mục" or "kết quả tổng hợp". */
  result: string;
  /** The action of consolidating them, as a link or a heading says it. */
  consolidate: string;
}

const ARTICLE_4: DeliverableWords = {
  item: 'danh sách',
  Item: 'Danh sách',
  result: 'danh mục',
  consolidate: 'tổng hợp danh mục',
};

const DECLARED: DeliverableWords = {
  item: 'bài nộp',
  Item: 'Bài nộp',
  result: 'kết quả tổng hợp',
  consolidate: 'tổng hợp các bài nộp',
};

/** The words for a campaign: whether it declares its deliverable (else it takes the Article 4 list). */
export const deliverableWords = (declared: boolean): DeliverableWords => (declared ? DECLARED : ARTICLE_4);
