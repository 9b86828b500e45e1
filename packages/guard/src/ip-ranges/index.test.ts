import { describe, expect, it } from 'vitest';
import { compileAddressRanges, coversEverything, isAddressOrRange, parseAddress } from './index.js';

describe('compileAddressRanges', () => {
  const list = compileAddressRanges(['10.0.0.0/8', '192.0.2.7', '2001:db8::/32', '::1'], 'test');

  it.each(['10.0.0.1', '10.255.0.9', '192.0.2.7', '::ffff:10.1.2.3', '2001:db8:1::5', '[2001:db8::1]', '::1', '0:0:0:0:0:0:0:1'])('includes %s', (address) => {
    expect(list.includes(address)).toBe(true);
  });

  it.each(['11.0.0.1', '192.0.2.8', '2001:db9::1', '::2', 'not-an-ip', '', '10.1', '[10.0.0.1]', '256.0.0.1', '010.0.0.1', '10.0.0.1.5', '2001:db8::1::2'])('does not include %j', (address) => {
    expect(list.includes(address)).toBe(false);
  });

  it('refuses a bad entry at start, naming the setting', () => {
    expect(() => compileAddressRanges(['10.0.0.0/33'], 'rateLimit.classes.x.allowList')).toThrow('rateLimit.classes.x.allowList: "10.0.0.0/33" is not an IP address or CIDR');
    expect(() => compileAddressRanges(['127.1'], 'x')).toThrow(/not an IP address/);
  });

  it('an empty list includes nothing', () => {
    expect(compileAddressRanges([], 'x').includes('10.0.0.1')).toBe(false);
  });
});

describe('helpers', () => {
  it('isAddressOrRange, coversEverything, parseAddress', () => {
    expect(isAddressOrRange('fd00::/8')).toBe(true);
    expect(isAddressOrRange('example.com')).toBe(false);
    expect(coversEverything('0.0.0.0/0')).toBe(true);
    expect(coversEverything('::/0')).toBe(true);
    expect(coversEverything('0.0.0.0/1')).toBe(false);
    expect(parseAddress('::ffff:192.0.2.1')?.toString()).toBe('192.0.2.1');
  });
});
