export default async function globalTeardown(): Promise<void> {
  await globalThis.dondocTestServer?.stop();
}
