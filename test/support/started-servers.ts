// The servers global setup started for one run, stopped by global teardown (or by global setup
// itself when a later step fails), last started first. Both run in jest's main process.

interface StartedServer {
  name: string;
  stop(): Promise<void>;
}

declare global {
  var dondocStartedServers: StartedServer[] | undefined;
}

export function registerStarted(name: string, stop: () => Promise<void>): void {
  (globalThis.dondocStartedServers ??= []).push({ name, stop });
}

/** Stops every started server, each tried even if another fails. */
export async function stopStarted(): Promise<void> {
  const failures: string[] = [];
  for (const server of (globalThis.dondocStartedServers ?? []).splice(0).reverse()) {
    await server.stop().catch((error: Error) => failures.push(`${server.name}: ${error.message}`));
  }
  if (failures.length > 0) throw new Error(`could not stop ${failures.join('; ')}`);
}
