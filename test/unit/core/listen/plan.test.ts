import { describe, expect, it } from 'vitest';
import { planListen } from '../../../../src/core/listen/plan.js';

describe('planListen --delimiter', () => {
  it("takes '' (a binary body written exactly), on a terminal too", () => {
    expect(planListen('q', { delimiter: '' }, { isTTY: false }, {}).delimiter).toEqual(Buffer.alloc(0));
    const onTerminal = planListen('q', { delimiter: '' }, { isTTY: true }, {});
    expect(onTerminal.format).toBe('raw');
    expect(onTerminal.delimiter).toEqual(Buffer.alloc(0));
  });
});
