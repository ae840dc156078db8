import { foldText } from '../domain/list-quality';
import type { TableDeclaration } from '../domain/deliverables';

/** The template's file name: `mau-` and the title without diacritics, e.g. `mau-danh-muc-thiet-bi-….xlsx`. */
export function templateFileName(declaration: TableDeclaration): string {
  const slug = foldText(declaration.title).trim().replace(/\s+/g, '-').slice(0, 80).replace(/-+$/, '');
  return `mau-${slug || 'bang'}.xlsx`;
}
