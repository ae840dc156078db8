import net from 'node:net';
import { startSmtpSink, type SmtpSink } from '../support/smtp-sink';

// The fault suites count SMTP sessions in flight when they kill a worker: a client that hangs up
// before the greeting must not make the count go below zero.

let sink: SmtpSink;
beforeAll(async () => {
  sink = await startSmtpSink();
});
afterAll(() => sink?.stop());

const connect = async (): Promise<net.Socket> => {
  const socket = net.connect(sink.port, '127.0.0.1');
  await new Promise((resolve) => socket.once('connect', resolve));
  return socket;
};
const greeted = (socket: net.Socket) => new Promise((resolve) => socket.once('data', resolve));
const until = async (condition: () => boolean) => {
  for (let i = 0; i < 200 && !condition(); i++) await new Promise((resolve) => setTimeout(resolve, 10));
};

test('a session counts from its greeting to its close, and hang-ups before the greeting count nothing', async () => {
  for (let i = 0; i < 5; i++) (await connect()).destroy();
  const open = await connect();
  await greeted(open);
  expect(sink.openSessions).toBe(1);
  open.destroy();
  await until(() => sink.openSessions === 0);
  expect(sink.openSessions).toBe(0);
});
