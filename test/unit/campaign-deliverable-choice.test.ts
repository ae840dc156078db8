import { savedDeliverables } from '../../campaign-files/deliverable-library';
import {
  ARTICLE_4_CHOICE,
  FILE_CHOICE,
  MAX_DECLARATION_TEXT,
  chosenDeliverable,
  readDeclarationText,
} from '../../server/portal/campaign-deliverable-choice';

// A declaration typed or uploaded on the creation form: read as YAML or JSON, a campaign file's
// `deliverable:` or the declaration itself, every problem located in words with its fix.

const FORM = {
  kind: 'form',
  title: 'Báo cáo quý',
  sections: [{ key: 'a', title: 'I. Chung', fields: [{ key: 'n', label: 'Số hồ sơ', type: 'integer' }] }],
};

describe('a declaration typed or uploaded on the creation form', () => {
  test('the declaration itself or a campaign file’s deliverable, YAML or JSON', () => {
    expect(readDeclarationText(JSON.stringify(FORM)).declaration?.title).toBe('Báo cáo quý');
    const yaml =
      'id: x\ndeliverable:\n  kind: form\n  title: Báo cáo quý\n  sections:\n    - key: a\n      title: I. Chung\n      fields: [ { key: n, label: Số hồ sơ, type: integer } ]\n';
    expect(readDeclarationText(yaml)).toEqual({
      declaration: readDeclarationText(JSON.stringify(FORM)).declaration,
      problems: [],
    });
  });

  test('every problem located in words, with its fix', () => {
    const broken = {
      ...FORM,
      sections: [
        {
          ...FORM.sections[0],
          fields: [
            { key: 'n', label: 'Số hồ sơ', type: 'integer' },
            { key: 'n', label: 'Lặp', type: 'so' },
          ],
        },
      ],
    };
    const { declaration, problems } = readDeclarationText(JSON.stringify(broken));
    expect(declaration).toBeUndefined();
    expect(problems).toEqual([expect.stringMatching(/^Mục thứ 1, trường thứ 2: .*Cách sửa/)]);
    expect(readDeclarationText('kind: [').problems[0]).toMatch(/^Khai báo sai cú pháp YAML\/JSON \(.+\)\. Cách sửa/);
    expect(readDeclarationText('- 1\n- 2').problems[0]).toMatch(/^Không thấy khai báo sản phẩm\. Cách sửa/);
    expect(readDeclarationText('  ').problems[0]).toMatch(/^Chưa có khai báo\. Cách sửa/);
    expect(readDeclarationText('#'.repeat(MAX_DECLARATION_TEXT + 1)).problems[0]).toMatch(/^Khai báo dài quá/);
  });

  test('the choice: the Article 4 list means no declaration; a saved one by name; an unknown name refused', () => {
    const saved = savedDeliverables();
    expect(chosenDeliverable(ARTICLE_4_CHOICE, 'ignored', saved)).toEqual({ textProblems: [] });
    expect(chosenDeliverable(saved[0]!.name, undefined, saved).declaration).toEqual(saved[0]!.declaration);
    expect(chosenDeliverable(FILE_CHOICE, JSON.stringify(FORM), saved).declaration?.kind).toBe('form');
    expect(chosenDeliverable('khong-co', undefined, saved).choiceProblem).toMatch(/^Không còn mẫu sản phẩm "khong-co"/);
  });
});
