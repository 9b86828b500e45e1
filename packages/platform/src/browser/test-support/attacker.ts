// A second local server whose pages attack the app from the victim's own browser profile:
// reading API responses with credentials, sending requests that would spend or end the
// victim's session, and framing the app. Reached as `localhost` it is another site than the
// app's http://127.0.0.1:PORT (SameSite cookies stay home); reached as 127.0.0.1 it is the same
// site on another port, another origin that does get the SameSite=Strict cookie. Each page stores what its script saw in
// `window.attackResults` and then sets the title to `done`.
import { startServer } from '../../../../../test-support/http-server.js';
import type { TestServer } from '../../../../../test-support/http-server.js';

export interface AttackerSite {
  readonly origin: string;
  readonly server: TestServer;
  close(): Promise<void>;
}

const attempt = `
window.attackResults = {};
async function attempt(name, url, init) {
  try {
    const response = await fetch(url, init);
    const body = response.type === 'opaque' ? '' : await response.text();
    window.attackResults[name] = 'read ' + response.type + ' ' + response.status + ' ' + body.slice(0, 200);
  } catch (error) {
    window.attackResults[name] = 'failed ' + error.name;
  }
}`;

function pages(app: string): Record<string, string> {
  const literal = JSON.stringify(app);
  return {
    // CORS mode with credentials: the requests go out, but without an Access-Control-Allow-Origin
    // for this origin the script must not get to read any answer.
    '/read': `<title>reading</title><script>${attempt}
      (async () => {
        await attempt('me', ${literal} + '/api/me', { credentials: 'include' });
        await attempt('courses', ${literal} + '/api/courses', { credentials: 'include' });
        await attempt('refresh', ${literal} + '/auth/refresh', { method: 'POST', credentials: 'include' });
        document.title = 'done';
      })();</script>`,
    // no-cors POSTs (simple requests, no preflight): classic cross-site request forgery against the
    // refresh and logout endpoints. Only the cookie could make them count.
    '/forge': `<title>forging</title><script>${attempt}
      (async () => {
        await attempt('refresh', ${literal} + '/auth/refresh', { method: 'POST', mode: 'no-cors', credentials: 'include' });
        await attempt('logout', ${literal} + '/auth/logout', { method: 'POST', mode: 'no-cors', credentials: 'include' });
        document.title = 'done';
      })();</script>`,
    // The app's own CSRF header on a cross-origin call: a non-simple request, so the browser asks
    // first (CORS preflight) and sends nothing when the platform does not allow this origin.
    '/forge-with-header': `<title>forging</title><script>${attempt}
      (async () => {
        await attempt('refresh', ${literal} + '/auth/refresh', { method: 'POST', credentials: 'include', headers: { 'Rampart-CSRF': '1' } });
        document.title = 'done';
      })();</script>`,
    // Clickjacking: the app's page and its login form inside this site's frames.
    '/frame': `<title>framing</title>
      <iframe id="app-root" src=${literal.replace(/"$/, '/"')}></iframe>
      <iframe id="app-login" src=${literal.replace(/"$/, '/#/login"')}></iframe>
      <script>window.addEventListener('load', () => { document.title = 'done'; });</script>`,
  };
}

export async function startAttackerSite(appOrigin: string, host: 'localhost' | '127.0.0.1'): Promise<AttackerSite> {
  const served = pages(appOrigin);
  const server = await startServer((request, response) => {
    const page = served[request.url ?? ''];
    if (!page) {
      response.writeHead(404).end();
      return;
    }
    response.setHeader('content-type', 'text/html; charset=utf-8');
    response.end(`<!doctype html>${page}`);
  });
  return { origin: `http://${host}:${server.url.port}`, server, close: () => server.close() };
}
