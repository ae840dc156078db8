import { stopStarted } from './started-servers';

// Runs after every run, passing or failing.
export default async function globalTeardown(): Promise<void> {
  await stopStarted();
}
