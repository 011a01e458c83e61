import { describe, expect, it } from 'vitest';
import { ApiCallError } from '@shared/api/errors.ts';
import { CareDeskApiError, errorCode, errorDetails, isNetworkError } from './apiError.ts';

describe('errorCode', () => {
  it('reads the code property', () => {
    expect(errorCode(new CareDeskApiError('invalid_credentials', 'x'))).toBe('invalid_credentials');
  });

  it('reads codes from messages that crossed Electron IPC', () => {
    const ipc = (m: string) =>
      new Error(`Error invoking remote method 'caredesk:session.login': Error: ${m}`);
    expect(errorCode(ipc('invalid_credentials'))).toBe('invalid_credentials');
    expect(errorCode(ipc('mutation_gap: expected 4'))).toBe('mutation_gap');
    expect(errorCode(ipc('{"code":"rate_limited","message":"slow down"}'))).toBe('rate_limited');
    expect(errorCode(new Error('[network] fetch failed'))).toBe('network');
  });

  it('falls back to unknown', () => {
    expect(errorCode(new Error('Something broke badly'))).toBe('unknown');
    expect(errorCode('boom')).toBe('unknown');
    expect(errorCode(null)).toBe('unknown');
  });

  it('knows a network failure', () => {
    expect(isNetworkError(new TypeError('Failed to fetch'))).toBe(true);
    expect(isNetworkError(new CareDeskApiError('network', 'down'))).toBe(true);
    expect(isNetworkError(new CareDeskApiError('invalid_credentials', 'no'))).toBe(false);
  });
});

describe('the shared wire form', () => {
  it('recovers code and details after Electron IPC', () => {
    const wire = new ApiCallError('mutation_gap', 'gap', { expected: 7 }).toWireMessage();
    const crossed = new Error(`Error invoking remote method 'caredesk:sync.push': Error: ${wire}`);
    expect(errorCode(crossed)).toBe('mutation_gap');
    expect(errorDetails(crossed)).toEqual({ expected: 7 });
  });
});
