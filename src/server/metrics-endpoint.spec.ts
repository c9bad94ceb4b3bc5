import { bearerMatches, metricsExposure } from './metrics-endpoint';
import { OperationLabels } from './metrics';

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
