import { readListFile, writeListTemplate } from '../client/list-files';
async function main() {
  await writeListTemplate('/tmp/mau-test.xlsx');
  const list = await readListFile('/tmp/mau-test.xlsx');
  console.log(JSON.stringify(list, null, 1));
}
main().catch((e) => { console.error(e.message); process.exit(1); });
