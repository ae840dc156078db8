import { Client, Connection } from '@temporalio/client';
import { startDevServer } from '../client/dev-server';

async function main() {
  let t = Date.now();
  try { await Connection.connect({ address: '127.0.0.1:1', connectTimeout: 3000 }); } catch (e) { const err = e as Error; console.log('connect', err.constructor.name, err.name, JSON.stringify(err.message), Date.now() - t, (err as any).cause?.constructor?.name); }
  t = Date.now();
  const server = await startDevServer({ port: 17999 });
  console.log('server', Date.now() - t);
  const connection = await Connection.connect({ address: server.address });
  const client = new Client({ connection });
  try { await client.workflow.getHandle('nope').executeUpdate('x', { args: [] }); } catch (e) { const err = e as Error; console.log('update-missing', err.constructor.name, err.name, err.message); }
  try { await client.workflow.getHandle('nope').query('x'); } catch (e) { const err = e as Error; console.log('query-missing', err.constructor.name, err.name, err.message); }
  // workflow with no worker
  await client.workflow.start('noWorkerWf', { workflowId: 'nw', taskQueue: 'nobody' });
  t = Date.now();
  try { await client.withDeadline(Date.now() + 3000, () => client.workflow.getHandle('nw').query('x')); } catch (e) { const err = e as any; console.log('query-noworker', err.constructor.name, err.name, err.message, err.code, err.cause?.code, Date.now() - t); }
  await client.workflow.getHandle('nw').terminate('x');
  t = Date.now();
  try { await client.workflow.getHandle('nw').executeUpdate('x', { args: [] }); } catch (e) { const err = e as any; console.log('update-closed', err.constructor.name, err.name, err.message, Date.now() - t); }
  try { await client.withDeadline(Date.now() + 3000, () => client.workflow.getHandle('nw').query('x')); } catch (e) { const err = e as any; console.log('query-closed', err.constructor.name, err.name, err.message, err.code, Date.now() - t); }
  await connection.close();
  await server.stop();
}
main().catch((e) => { console.error(e); process.exit(1); });
