import fs from 'node:fs';
import net from 'node:net';

/** A TCP port on 127.0.0.1 that nothing listens on right now. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

function canListen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

/** The lowest local port the kernel gives outgoing connections (Linux), or its default. */
function ephemeralLow(): number {
  try {
    return Number(fs.readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8').trim().split(/\s+/)[0]);
  } catch {
    return 32_768;
  }
}

/**
 * A free port below the kernel's ephemeral range, for a server that stops and must listen on the
 * same port again: while it is down, an outgoing connection (a client retrying to reach it, or any
 * other on the machine) can be given a port from freePort()'s range as its own and hold it.
 * Falls back to freePort() when that range starts too low to leave room below it.
 */
export async function freeRestartablePort(): Promise<number> {
  const floor = 10_000;
  const span = ephemeralLow() - floor;
  for (let attempt = 0; span > 0 && attempt < 200; attempt++) {
    const port = floor + Math.floor(Math.random() * span);
    if (await canListen(port)) return port;
  }
  return freePort();
}
