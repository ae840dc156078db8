import * as client from 'openid-client';
import { isLoopback, type Config } from '../../shared/config';

// OpenID Connect sign-in with a provincial SSO (Keycloak or any certified provider), through
// openid-client: authorization code with PKCE (S256), state and nonce bound to the browser, the ID
// token checked by the library (signature, issuer, audience, expiry, nonce). The provider's metadata
// is discovered on first use and kept; a failed discovery is retried on the next sign-in.

export type OidcSettings = NonNullable<Config['server']['oidc']>;

/** What the browser keeps between leaving for the provider and coming back (an HTTP-only cookie). */
export interface PendingSignIn {
  state: string;
  nonce: string;
  verifier: string;
}

/** The person the provider vouches for: a verified e-mail, and a name when it gives one. */
export interface OidcIdentity {
  email: string;
  name?: string;
  subject: string;
}

export class OidcRefusal extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'OidcRefusal';
  }
}

export interface OidcSignIn {
  start(): Promise<{ url: URL; pending: PendingSignIn }>;
  /** Trades the callback's code for the ID token; `query` is the callback's query string. */
  finish(query: string, pending: PendingSignIn): Promise<OidcIdentity>;
}

export function createOidcSignIn(settings: OidcSettings): OidcSignIn {
  let discovered: Promise<client.Configuration> | undefined;
  const configuration = () => {
    discovered ??= client
      .discovery(
        new URL(settings.issuer),
        settings.clientId,
        undefined,
        settings.clientSecret ? client.ClientSecretPost(settings.clientSecret) : client.None(),
        // Plain http only for a provider on this machine (checked in shared/config.ts too).
        isLoopback(settings.issuer) ? { execute: [client.allowInsecureRequests] } : undefined,
      )
      .catch((error: unknown) => {
        discovered = undefined;
        throw error;
      });
    return discovered;
  };

  return {
    async start() {
      const config = await configuration();
      const pending = {
        state: client.randomState(),
        nonce: client.randomNonce(),
        verifier: client.randomPKCECodeVerifier(),
      };
      const url = client.buildAuthorizationUrl(config, {
        redirect_uri: settings.redirectUrl,
        scope: 'openid email profile',
        response_type: 'code',
        code_challenge: await client.calculatePKCECodeChallenge(pending.verifier),
        code_challenge_method: 'S256',
        state: pending.state,
        nonce: pending.nonce,
      });
      return { url, pending };
    },

    async finish(query, pending) {
      const config = await configuration();
      // The callback as registered with the provider (the public address, not the one behind a proxy).
      const current = new URL(settings.redirectUrl);
      current.search = query;
      let tokens;
      try {
        tokens = await client.authorizationCodeGrant(config, current, {
          pkceCodeVerifier: pending.verifier,
          expectedState: pending.state,
          expectedNonce: pending.nonce,
          idTokenExpected: true,
        });
      } catch (error) {
        throw new OidcRefusal(`OpenID Connect: ${(error as Error).message}`);
      }
      const idToken = tokens.claims();
      if (!idToken) throw new OidcRefusal('OpenID Connect: no ID token');
      // Providers that keep the e-mail out of the ID token give it at the UserInfo endpoint, for
      // the same subject (checked by the library).
      let claims: Record<string, unknown> = { ...idToken };
      if (idToken.email === undefined) {
        try {
          claims = await client.fetchUserInfo(config, tokens.access_token, idToken.sub);
        } catch (error) {
          throw new OidcRefusal(`OpenID Connect UserInfo: ${(error as Error).message}`);
        }
      }
      const email = typeof claims.email === 'string' ? claims.email.trim().toLowerCase() : '';
      if (!email || claims.email_verified !== true) throw new OidcRefusal('OpenID Connect: no verified e-mail');
      return { email, name: typeof claims.name === 'string' ? claims.name : undefined, subject: idToken.sub };
    },
  };
}
