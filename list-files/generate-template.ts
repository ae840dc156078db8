import { TEMPLATE_FILE, writeListTemplate } from './template';

// Regenerates the shipped template: node --import tsx list-files/generate-template.ts [path]

const target = process.argv[2] ?? TEMPLATE_FILE;
writeListTemplate(target).then(
  () => console.log(`Đã ghi tệp mẫu ${target}`),
  (error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  },
);
