import { startDevServer } from '../client/dev-server';
startDevServer({ port: 17998 }).then(() => { console.log('ready'); setInterval(() => undefined, 60_000); });
