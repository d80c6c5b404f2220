import { describe, expect, it } from 'vitest';
import { loadConfig } from './config.js';

describe('configuration', () => {
  it('has working defaults', () => {
    const c = loadConfig({});
    expect(c).toMatchObject({ port: 3000, host: '0.0.0.0', rateLimit: true, cookieSecure: false, demo: false });
    expect(c.databaseUrl).toBeUndefined();
    expect(c.dataDir).toMatch(/data$/);
  });
  it('lists every problem at once', () => {
    try {
      loadConfig({
        PORT: 'abc',
        DATABASE_URL: 'mysql://x',
        SESSION_SECRET: 'short',
        LOG_LEVEL: 'loud',
        COOKIE_SECURE: 'maybe',
      });
      expect.unreachable();
    } catch (e) {
      const err = e as { code: string; details: { problems: string[] } };
      expect(err.code).toBe('E_CONFIG');
      expect(err.details.problems).toHaveLength(5);
      expect(err.details.problems.join()).toMatch(/PORT.*DATABASE_URL.*SESSION_SECRET.*LOG_LEVEL.*COOKIE_SECURE/);
    }
  });
  it('accepts PostgreSQL and the bench flag', () => {
    const c = loadConfig({
      DATABASE_URL: 'postgres://u:p@127.0.0.1:5432/db',
      JIANSHI_DISABLE_RATE_LIMIT: '1',
      PORT: '8080',
    });
    expect(c).toMatchObject({ port: 8080, rateLimit: false, databaseUrl: 'postgres://u:p@127.0.0.1:5432/db' });
  });
});
