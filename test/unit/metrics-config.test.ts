import { ConfigError, loadConfig } from '../../shared/config';

// Metrics are never open beyond the machine by accident: a wider address needs a token.

test('metrics listen on loopback by default and beyond it only with a token', () => {
  expect(loadConfig({}).ops).toEqual(expect.objectContaining({ host: '127.0.0.1', token: undefined }));
  expect(() => loadConfig({ DONDOC_METRICS_HOST: '0.0.0.0', DONDOC_METRICS_PORT: '9464' })).toThrow(ConfigError);
  expect(() => loadConfig({ DONDOC_METRICS_HOST: '0.0.0.0' })).toThrow(/DONDOC_METRICS_TOKEN/);
  const open = loadConfig({ DONDOC_METRICS_HOST: '0.0.0.0', DONDOC_METRICS_TOKEN: 'x'.repeat(24) });
  expect(open.ops.host).toBe('0.0.0.0');
});

test('a short token is refused without being printed', () => {
  let message = '';
  try {
    loadConfig({ DONDOC_METRICS_TOKEN: 'short-secret' });
  } catch (error) {
    message = (error as Error).message;
  }
  expect(message).toContain('DONDOC_METRICS_TOKEN');
  expect(message).not.toContain('short-secret');
});
