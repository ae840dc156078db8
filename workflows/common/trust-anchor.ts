import type { TrustedKeys } from '../../domain/actor-proof';

// The public keys of the dondoc server whose actor proofs the workflows accept. They come from the
// worker's deployment: the worker writes them into this bundle when it starts (worker/trust-anchor.ts
// replaces the marker below), so nothing a Temporal client sends (a start input, a signal, an Update)
// can add a key or remove the check. A bundle no worker configured keeps the marker and trusts no key:
// every Update is refused.

const DEPLOYMENT_KEYS: string = '__DONDOC_DEPLOYMENT_TRUSTED_KEYS__';

let parsed: TrustedKeys | undefined;

export function deploymentKeys(): TrustedKeys {
  if (parsed === undefined) {
    let keys: TrustedKeys = {};
    try {
      const value: unknown = JSON.parse(DEPLOYMENT_KEYS);
      if (value && typeof value === 'object' && !Array.isArray(value)) keys = value as TrustedKeys;
    } catch {
      // The marker itself: no key configured.
    }
    parsed = Object.freeze(keys);
  }
  return parsed;
}
