import { setTimeout as sleep } from 'node:timers/promises';
import { startDevServer } from '../../ops/temporal-dev-server';
import { freePort } from '../support/free-port';

// The dev server `npm start` runs, with its Web UI: the UI must not fetch Temporal's newsfeed from
// the internet (dondoc reaches nothing outside the machine), and stop() must leave nothing running.

test('the Web UI has its newsfeed fetch disabled, and stop() leaves no timer behind', async () => {
  const [port, uiPort] = [await freePort(), await freePort()];
  const timersBefore = process.getActiveResourcesInfo().filter((kind) => kind === 'Timeout').length;
  const server = await startDevServer({ port, uiPort });
  try {
    expect(server.uiUrl).toBe(`http://127.0.0.1:${uiPort}`);
    // The UI server is up shortly after the frontend; it serves the settings the browser app obeys.
    let settings: { DisableNewsFetch?: boolean } | undefined;
    for (let attempt = 0; attempt < 100 && !settings; attempt++) {
      const response = await fetch(`${server.uiUrl}/api/v1/settings`).catch(() => undefined);
      if (response?.ok) settings = (await response.json()) as { DisableNewsFetch?: boolean };
      else await sleep(200);
    }
    expect(settings?.DisableNewsFetch).toBe(true);
  } finally {
    await server.stop();
  }
  expect(process.getActiveResourcesInfo().filter((kind) => kind === 'Timeout').length).toBeLessThanOrEqual(
    timersBefore,
  );
});
