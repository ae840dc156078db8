import net from 'node:net';

// A tiny TCP proxy on 127.0.0.1 in front of a real server (PostgreSQL, the dondoc server), to make
// the server vanish on command: cut() drops every open connection and hangs up on new ones at once
// (the client sees the connection closed, as when the server or the network is down); restore()
// lets them through. holdAnswers() keeps back whatever the server sends from then on: the server
// has answered, its client has not heard it, and a cut() loses the answer for good.

export interface TcpProxy {
  readonly port: number;
  /** Connections accepted so far (to tell that the client really went through the proxy). */
  readonly accepted: number;
  /** Connections on which the server sent something while answers were held (it never reaches the client). */
  readonly heldAnswers: number;
  holdAnswers(): void;
  cut(): void;
  restore(): void;
  close(): Promise<void>;
}

export async function startTcpProxy(target: { host: string; port: number }): Promise<TcpProxy> {
  const sockets = new Set<net.Socket>();
  let down = false;
  let holding = false;
  let accepted = 0;
  let heldAnswers = 0;

  const server = net.createServer((client) => {
    if (down) {
      client.destroy();
      return;
    }
    accepted++;
    const upstream = net.connect(target.port, target.host);
    sockets.add(client);
    sockets.add(upstream);
    // Either side closing or failing closes the other: the client sees what a real outage shows.
    const close = () => {
      client.destroy();
      upstream.destroy();
      sockets.delete(client);
      sockets.delete(upstream);
    };
    client.on('error', close).on('close', close);
    upstream.on('error', close).on('close', close);
    client.pipe(upstream);
    let held = false;
    upstream.on('data', (chunk: Buffer) => {
      if (!holding) client.write(chunk);
      else if (!held) {
        held = true;
        heldAnswers++;
      }
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as net.AddressInfo;

  return {
    port,
    get accepted() {
      return accepted;
    },
    get heldAnswers() {
      return heldAnswers;
    },
    holdAnswers() {
      holding = true;
    },
    cut() {
      down = true;
      for (const socket of sockets) socket.destroy();
      sockets.clear();
    },
    restore() {
      down = false;
      holding = false;
    },
    close() {
      down = true;
      for (const socket of sockets) socket.destroy();
      sockets.clear();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
