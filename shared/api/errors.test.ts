import { describe, expect, it } from 'vitest';
import { ApiCallError } from './errors.ts';

describe('ApiCallError', () => {
  const gap = new ApiCallError('mutation_gap', 'The server expects an earlier mutation first.', {
    expected: 4,
  });

  it('survives the IPC wire form, even behind Electron’s prefix', () => {
    const ipc = new Error(`Error invoking remote method 'caredesk:sync.push': Error: ${gap.toWireMessage()}`);
    const back = ApiCallError.from(ipc);
    expect(back).toBeInstanceOf(ApiCallError);
    expect(back.toBody()).toEqual(gap.toBody());
    expect(gap.toWireMessage()).toMatch(/^\[mutation_gap\] /);
  });

  it('revives an HTTP error body', () => {
    expect(ApiCallError.from({ code: 'invalid_input', message: 'Bad' }).code).toBe('invalid_input');
  });

  it('turns anything else into internal, never passing Node error codes off as API codes', () => {
    const nodeError = Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' });
    expect(ApiCallError.from(nodeError).code).toBe('internal');
    expect(ApiCallError.from('boom').code).toBe('internal');
  });
});
