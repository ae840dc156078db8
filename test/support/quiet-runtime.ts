import { DefaultLogger, Runtime } from '@temporalio/worker';

// The SDK's INFO logs (worker state changes, bundling) drown test output; keep warnings and errors.
try {
  Runtime.install({ logger: new DefaultLogger('WARN') });
} catch {
  // Already installed in this jest worker process by an earlier test file.
}
