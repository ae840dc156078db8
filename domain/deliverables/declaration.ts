import { z } from 'zod';
import { ARTICLE_4_TABLE } from './article-4';
import { formDeclarationSchema, type FormDeclaration } from './form';
import { DELIVERABLE_LIMITS } from './limits';
import { tableDeclarationSchema, type TableDeclaration } from './table';

// What each agency of a campaign must deliver (`deliverable:` in the campaign file): a table or a
// form. Validated at launch, every problem named by its path and fix; bounded so that it travels
// with the campaign's input.

export const DELIVERABLE_KINDS = ['table', 'form'] as const;

export const deliverableDeclarationSchema = z
  .discriminatedUnion('kind', [tableDeclarationSchema, formDeclarationSchema], {
    error:
      'Loại sản phẩm (kind) phải là table (bảng nhiều dòng) hoặc form (biểu mẫu, báo cáo). Cách sửa: ghi kind: table hoặc kind: form.',
  })
  .superRefine((declaration, ctx) => {
    const bytes = new TextEncoder().encode(JSON.stringify(declaration)).length;
    if (bytes > DELIVERABLE_LIMITS.declarationBytes)
      ctx.addIssue({
        code: 'custom',
        message: `Khai báo sản phẩm dài ${Math.ceil(bytes / 1024)} KB, tối đa ${DELIVERABLE_LIMITS.declarationBytes / 1024} KB. Cách sửa: rút gọn hướng dẫn (hint), bớt lựa chọn hoặc chỉ tiêu, hoặc chia thành nhiều chiến dịch.`,
      });
  });
export type DeliverableDeclaration = TableDeclaration | FormDeclaration;

/** The campaign's deliverable: as declared, or the Article 4 list when the file declares none. */
export function deliverableOf(declared: DeliverableDeclaration | undefined): DeliverableDeclaration {
  return declared ?? ARTICLE_4_TABLE;
}

/** True when agencies deliver the Article 4 list, with its own pages, files and catalogue (submitList). */
export function takesArticle4List(declared: DeliverableDeclaration | undefined): boolean {
  return !declared || (declared.kind === 'table' && declared.rules.includes('digitization-list'));
}

/** The declaration deliveries are checked against (submitDelivery); none for the Article 4 list. */
export function declaredDeliverable(declared: DeliverableDeclaration | undefined): DeliverableDeclaration | undefined {
  return takesArticle4List(declared) ? undefined : declared;
}
