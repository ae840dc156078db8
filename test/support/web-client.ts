// A small HTTP client that behaves like a browser where it matters here: it keeps cookies, follows
// no redirect on its own, and finds the CSRF token in a page's form.

export interface WebResponse {
  status: number;
  headers: Headers;
  text: string;
  json<T = unknown>(): T;
  setCookies: string[];
}

export class WebClient {
  readonly cookies = new Map<string, string>();

  constructor(readonly baseUrl: string) {}

  async request(
    method: string,
    path: string,
    options: {
      form?: Record<string, string>;
      json?: unknown;
      /** A multipart form (with files), sent as built: its `_csrf` first, as the portal's forms put it. */
      multipart?: FormData;
      headers?: Record<string, string>;
    } = {},
  ): Promise<WebResponse> {
    const headers: Record<string, string> = { accept: 'text/html,application/json', ...options.headers };
    if (this.cookies.size > 0) headers.cookie = [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; ');
    let body: string | FormData | undefined;
    if (options.multipart) body = options.multipart;
    else if (options.form) {
      headers['content-type'] = 'application/x-www-form-urlencoded';
      body = new URLSearchParams(options.form).toString();
    } else if (options.json !== undefined) {
      headers['content-type'] = 'application/json';
      body = JSON.stringify(options.json);
    }
    const response = await fetch(`${this.baseUrl}${path}`, { method, headers, body, redirect: 'manual' });
    const setCookies = response.headers.getSetCookie();
    for (const cookie of setCookies) {
      const [pair, ...attributes] = cookie.split(';');
      const [name, ...rest] = pair!.split('=');
      const value = rest.join('=');
      const expired = attributes.some((a) => /^\s*expires=/i.test(a) && Date.parse(a.split('=')[1]!) < Date.now());
      if (value === '' || expired) this.cookies.delete(name!.trim());
      else this.cookies.set(name!.trim(), value);
    }
    const text = await response.text();
    return { status: response.status, headers: response.headers, text, json: () => JSON.parse(text), setCookies };
  }

  get(path: string, headers?: Record<string, string>) {
    return this.request('GET', path, { headers });
  }

  /** Loads a page (following the portal's redirects, e.g. `/` to a role's home) and returns its form's CSRF token. */
  async csrfFrom(path: string): Promise<string> {
    let page = await this.get(path);
    for (let hops = 0; hops < 3 && page.status >= 300 && page.status < 400; hops++) {
      const location = page.headers.get('location');
      if (!location) break;
      page = await this.get(new URL(location, this.baseUrl).pathname);
    }
    const token = /name="_csrf" value="([^"]+)"/.exec(page.text)?.[1];
    if (!token) throw new Error(`no CSRF token on ${path} (status ${page.status})`);
    return token;
  }
}

/** The sign-in link in an e-mail's text. */
export function linkIn(text: string): string {
  const url = /https?:\/\/\S+\/sign-in\/confirm\?token=[\w%-]+(?:&next=\S+)?/.exec(text)?.[0];
  if (!url) throw new Error(`no sign-in link in: ${text}`);
  return url;
}
