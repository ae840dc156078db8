// `npm run build`: the files the compiled code reads next to itself (tsc copies only code).
const fs = require('node:fs');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const assets = [
  'prisma/sqlite/migrations',
  'prisma/postgresql/migrations',
  'list-files/templates',
  'campaigns',
  'server/portal/views',
  'server/portal/assets',
];
for (const asset of assets) {
  fs.cpSync(path.join(root, asset), path.join(root, 'dist', asset), { recursive: true });
}
console.log(`Copied to dist/: ${assets.join(', ')}`);
