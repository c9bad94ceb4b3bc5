import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import express from 'express';
import pino from 'pino';
import { bearerMatches, metricsExposure, mountMetrics } from './metrics-endpoint';
import { Metrics, OperationLabels, UNKNOWN_OPERATION } from './metrics';

describe('metricsExposure', () => {
  const at = (env: 'development' | 'production' | 'test', metrics: { port?: number; token?: string }) => metricsExposure({ env, metrics: { host: '0.0.0.0', ...metrics } });

  it('serves openly on the main port only outside production and without a port or token', () => {
    expect(at('development', {})).toEqual({ main: 'open', separatePort: false });
    expect(at('test', {})).toEqual({ main: 'open', separatePort: false });
    expect(at('production', {})).toEqual({ main: 'hidden', separatePort: false });
  });

  it('a token protects the main port; a port of its own takes metrics off the main port', () => {
    expect(at('production', { token: 't'.repeat(16) })).toEqual({ main: 'token', separatePort: false });
    expect(at('production', { port: 9464 })).toEqual({ main: 'hidden', separatePort: true });
    expect(at('development', { port: 9464 })).toEqual({ main: 'hidden', separatePort: true });
    expect(at('production', { port: 9464, token: 't'.repeat(16) })).toEqual({ main: 'token', separatePort: true });
  });
});

describe('bearerMatches', () => {
  const token = 'metrics-token-0123456789';
  it('accepts exactly the configured bearer token', () => {
    expect(bearerMatches(`Bearer ${token}`, token)).toBe(true);
    expect(bearerMatches(`bearer ${token}`, token)).toBe(true);
    expect(bearerMatches(undefined, token)).toBe(false);
    expect(bearerMatches(token, token)).toBe(false);
    expect(bearerMatches(`Bearer ${token}x`, token)).toBe(false);
    expect(bearerMatches(`Basic ${token}`, token)).toBe(false);
    expect(bearerMatches('Bearer ', token)).toBe(false);
  });
});

describe('OperationLabels', () => {
  it('admits valid names of executed operations up to the bound; the rest are other or anonymous', () => {
    const labels = new OperationLabels(2);
    expect(labels.label(undefined, true)).toBe('anonymous');
    expect(labels.label('', true)).toBe('anonymous');
    expect(labels.label(UNKNOWN_OPERATION, true)).toBe('other');
    expect(labels.label('Refused', false)).toBe('other');
    expect(labels.label('First', true)).toBe('First');
    expect(labels.label('First', false)).toBe('First'); // admitted: refusals of it keep its name
    expect(labels.label('bad-name', true)).toBe('other');
    expect(labels.label('x'.repeat(65), true)).toBe('other');
    expect(labels.label({ toString: () => 'Obj' }, true)).toBe('other');
    expect(labels.label('Second', true)).toBe('Second');
    expect(labels.label('Third', true)).toBe('other');
    expect(labels.size).toBe(2);
  });
});

describe('mountMetrics in production without METRICS_PORT or METRICS_TOKEN', () => {
  it('answers 404 on the main port and warns once, naming both variables', async () => {
    const lines: string[] = [];
    const logger = pino({ level: 'info' }, { write: (l: string) => void lines.push(l) });
    const app = express();
    const metrics = new Metrics();
    const endpoints = await mountMetrics(app, metrics, { env: 'production', metrics: { host: '127.0.0.1' } }, logger);
    const server = app.listen(0, '127.0.0.1');
    await once(server, 'listening');
    try {
      const res = await fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}/metrics`);
      expect(res.status).toBe(404);
      expect(endpoints.url).toBeUndefined();
      const warnings = lines.map((l) => JSON.parse(l)).filter((l) => l.level === 40);
      expect(warnings).toHaveLength(1);
      expect(warnings[0].msg).toMatch(/METRICS_PORT.*METRICS_TOKEN/);
    } finally {
      server.close();
      await endpoints.close();
      await metrics.close();
    }
  });
});

describe('Metrics with a database it cannot reach', () => {
  it('still scrapes, and counts each failed probe once per scrape', async () => {
    // Port 1 on loopback: connection refused at once (a real failure, no mock).
    const metrics = new Metrics('postgres://postgres@127.0.0.1:1/none');
    try {
      const { body } = await metrics.scrape();
      expect(body).toMatch(/^onedoor_metrics_collect_errors_total\{collector="outbox"\} 1$/m);
      expect(body).toMatch(/^onedoor_metrics_collect_errors_total\{collector="notification_queue"\} 1$/m);
      expect(body).toMatch(/^nodejs_eventloop_lag_seconds /m);
    } finally {
      await metrics.close();
    }
  });
});
