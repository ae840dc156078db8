import YAML from 'yaml';
import type { z } from 'zod';
import type { SavedDeliverable } from '../../campaign-files/deliverable-library';
import {
  DELIVERABLE_LIMITS,
  deliverableDeclarationSchema,
  type DeliverableDeclaration,
} from '../../domain/deliverables';

// What the agencies of a campaign created on the web deliver: the Article 4 list (the default), a
// saved declaration (by its title), or a declaration file the Service Center uploads or pastes, read
// by the one declaration schema with every problem located in words.

/** The choice meaning the Article 4 list; a saved declaration is chosen by its name, a file by `FILE_CHOICE`. */
export const ARTICLE_4_CHOICE = 'dieu-4';
export const FILE_CHOICE = 'tep';

/** A declaration's text is bounded before it is parsed: its JSON bound, with room for YAML's comments and indents. */
export const MAX_DECLARATION_TEXT = 4 * DELIVERABLE_LIMITS.declarationBytes;

const PART_WORDS: Record<string, string> = {
  columns: 'cột',
  sections: 'mục',
  fields: 'trường',
  indicators: 'chỉ tiêu',
  options: 'lựa chọn',
  rowKey: 'khóa dòng',
  rules: 'bộ quy tắc',
  checks: 'phép kiểm tra',
  accept: 'loại tệp',
};

/**
 * Where a problem is, in words: `sections[0].fields[2].label` → "Mục thứ 1, trường thứ 3: …". The
 * declaration's messages name their own key, so the last key is not repeated.
 */
function located(path: readonly PropertyKey[], message: string): string {
  const steps: string[] = [];
  path.forEach((step, i) => {
    const next = path[i + 1];
    if (typeof step === 'number' || i === path.length - 1) return;
    const name = String(step);
    steps.push(typeof next === 'number' ? `${PART_WORDS[name] ?? name} thứ ${next + 1}` : (PART_WORDS[name] ?? name));
  });
  const where = steps.join(', ');
  const text = where ? `${where.charAt(0).toUpperCase()}${where.slice(1)}: ${message}` : message;
  return /Cách sửa/.test(message) ? text : `${text} Cách sửa: xem mục "Sản phẩm phải nộp" trong campaigns/README.md.`;
}

/** A declaration file's text (YAML or JSON, a campaign file's `deliverable:` or the declaration itself). */
export function readDeclarationText(text: string): { declaration?: DeliverableDeclaration; problems: string[] } {
  if (!text.trim())
    return {
      problems: [
        'Chưa có khai báo. Cách sửa: chọn tệp khai báo (.yaml hoặc .json), hoặc dán nội dung khai báo vào ô này.',
      ],
    };
  if (text.length > MAX_DECLARATION_TEXT)
    return {
      problems: [
        `Khai báo dài quá ${MAX_DECLARATION_TEXT / 1024} KB. Cách sửa: rút gọn hướng dẫn, bớt lựa chọn hoặc chỉ tiêu.`,
      ],
    };
  let raw: unknown;
  try {
    raw = YAML.parse(text, { maxAliasCount: 100 });
  } catch (error) {
    const where = (error as Error).message.split('\n')[0];
    return {
      problems: [`Khai báo sai cú pháp YAML/JSON (${where}). Cách sửa: sửa dòng được nêu rồi gửi lại.`],
    };
  }
  const declared =
    raw && typeof raw === 'object' && !Array.isArray(raw) && 'deliverable' in raw
      ? (raw as { deliverable: unknown }).deliverable
      : raw;
  if (!declared || typeof declared !== 'object' || Array.isArray(declared))
    return {
      problems: [
        `Không thấy khai báo sản phẩm. Cách sửa: tệp phải có deliverable: { kind, title, … } hoặc chính khai báo { kind: table | form, title, … }.`,
      ],
    };
  const parsed = deliverableDeclarationSchema.safeParse(declared);
  if (!parsed.success)
    return { problems: parsed.error.issues.map((i: z.core.$ZodIssue) => located(i.path, i.message)) };
  return { declaration: parsed.data, problems: [] };
}

/**
 * The deliverable a form's choice names: `undefined` for the Article 4 list (a campaign without
 * `deliverable:` means it), a saved declaration, or the file's declaration with every problem.
 */
export function chosenDeliverable(
  choice: string | undefined,
  text: string | undefined,
  saved: SavedDeliverable[],
): { declaration?: DeliverableDeclaration; choiceProblem?: string; textProblems: string[] } {
  if (!choice || choice === ARTICLE_4_CHOICE) return { textProblems: [] };
  if (choice === FILE_CHOICE) {
    const { declaration, problems } = readDeclarationText(text ?? '');
    return { declaration, textProblems: problems };
  }
  const found = saved.find((s) => s.name === choice);
  if (!found)
    return {
      choiceProblem: `Không còn mẫu sản phẩm "${choice}". Cách sửa: chọn một mẫu trong danh sách, hoặc tải lên tệp khai báo.`,
      textProblems: [],
    };
  return { declaration: found.declaration, textProblems: [] };
}
