import { describe, expect, it } from 'vitest';
import { createAllowList } from './allow-list.js';

describe('createAllowList', () => {
  it('an origin allows exactly that scheme, host and port', () => {
    const list = createAllowList(['https://idp.internal:8443']);
    expect(list.originAllowed('https:', 'idp.internal', 8443)).toBe(true);
    expect(list.originAllowed('http:', 'idp.internal', 8443)).toBe(false);
    expect(list.originAllowed('https:', 'idp.internal', 443)).toBe(false);
    expect(list.originAllowed('https:', 'other.internal', 8443)).toBe(false);
    expect(list.addressAllowed('10.0.0.1')).toBe(false);
  });

  it('an origin without a port means its default port', () => {
    const list = createAllowList(['https://IdP.Internal']);
    expect(list.originAllowed('https:', 'idp.internal', 443)).toBe(true);
    expect(list.originAllowed('https:', 'idp.internal', 8443)).toBe(false);
  });

  it('host:port allows either scheme on that port', () => {
    const list = createAllowList(['idp.internal:8443', '[fd00::5]:9000']);
    expect(list.originAllowed('http:', 'idp.internal', 8443)).toBe(true);
    expect(list.originAllowed('https:', 'idp.internal', 8443)).toBe(true);
    expect(list.originAllowed('https:', 'idp.internal', 443)).toBe(false);
    expect(list.originAllowed('http:', 'fd00::5', 9000)).toBe(true);
  });

  it('CIDRs and addresses allow addresses inside them, IPv4-mapped included', () => {
    const list = createAllowList(['10.0.0.0/8', '192.168.1.7', 'fd00::/8']);
    expect(list.addressAllowed('10.200.0.1')).toBe(true);
    expect(list.addressAllowed('::ffff:10.200.0.1')).toBe(true);
    expect(list.addressAllowed('11.0.0.1')).toBe(false);
    expect(list.addressAllowed('192.168.1.7')).toBe(true);
    expect(list.addressAllowed('192.168.1.8')).toBe(false);
    expect(list.addressAllowed('fd12::1')).toBe(true);
    expect(list.addressAllowed('fe80::1')).toBe(false);
    expect(list.originAllowed('http:', '10.0.0.1', 80)).toBe(false);
  });

  it.each(['idp.internal', 'ftp://idp.internal', 'https://idp.internal/path', 'https://user:pw@idp.internal', '10.0.0.0/33', '300.0.0.0/8', 'fd00::/129'])(
    'refuses the entry %s with a TypeError naming it',
    (entry) => {
      expect(() => createAllowList([entry])).toThrow(TypeError);
      expect(() => createAllowList([entry])).toThrow(/allowPrivate/);
    },
  );
});
