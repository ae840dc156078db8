import { openDatabase } from '../prisma/database';
async function main() {
  const db = await openDatabase('postgresql://postgres:postgres@127.0.0.1:1/x');
  try { await db.campaign.findUnique({ where: { id: 'x' } }); } catch (e) { const err = e as any; console.log(err.constructor.name, JSON.stringify(err.code), JSON.stringify(err.message)); console.log(Object.keys(err), err.cause?.message, err.meta); }
  const db2 = await openDatabase('postgresql://postgres:wrong@127.0.0.1:5432/x');
  try { await db2.campaign.findUnique({ where: { id: 'x' } }); } catch (e) { const err = e as any; console.log(err.constructor.name, JSON.stringify(err.code), JSON.stringify(err.message)); console.log(Object.keys(err), err.cause?.message, err.meta); }
}
main();
