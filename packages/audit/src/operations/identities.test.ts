import { describe, expect, it } from 'vitest';
import { AUTH_COMMAND_TTL_MS, commandIdentity, headerFromOutput, IdentityError, parseHeaderLine, staticIdentity } from './identities.js';

describe('headerFromOutput', () => {
  it.each([
    ['eyJhbGciOi.eyJzdWIi.sig\n', { name: 'Authorization', value: 'Bearer eyJhbGciOi.eyJzdWIi.sig' }],
    ['Basic dXNlcjpwdw==\n', { name: 'Authorization', value: 'Basic dXNlcjpwdw==' }],
    ['X-Api-Key: k-123\n', { name: 'X-Api-Key', value: 'k-123' }],
    ['', 'the command printed nothing'],
    ['a\nb\n', 'the command printed more than one line'],
  ])('%j', (output, expected) => {
    expect(headerFromOutput(output)).toEqual(expected);
  });
});

describe('identities', () => {
  it('a static identity sends its one header', async () => {
    const header = parseHeaderLine('Authorization: Bearer t');
    if (typeof header === 'string') throw new Error(header);
    expect(await staticIdentity('alice', header).headers()).toEqual({ Authorization: 'Bearer t' });
  });

  it('runs the command with sh -c (pipelines work) and reads its first line as the credential', async () => {
    const identity = commandIdentity('bob', "printf 'tok-%s' $((40 + 2)) | tr a-z A-Z");
    expect(await identity.headers()).toEqual({ Authorization: 'Bearer TOK-42' });
  });

  it('re-runs the command once its value is a minute old', async () => {
    let runs = 0;
    let clock = 0;
    const identity = commandIdentity('bob', 'token', () => Promise.resolve(`token-${++runs}`), () => clock);
    expect(await identity.headers()).toEqual({ Authorization: 'Bearer token-1' });
    clock = AUTH_COMMAND_TTL_MS - 1;
    expect(await identity.headers()).toEqual({ Authorization: 'Bearer token-1' });
    clock = AUTH_COMMAND_TTL_MS;
    expect(await identity.headers()).toEqual({ Authorization: 'Bearer token-2' });
  });

  it('names the identity and the exit code of a failing command, never its output', async () => {
    const identity = commandIdentity('carol', 'echo secret-output; exit 3');
    const error = await identity.headers().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(IdentityError);
    expect((error as Error).message).toBe('--auth-cmd carol: the command failed (exit 3)');
  });

  it('refuses output that is not one header', async () => {
    await expect(commandIdentity('dave', 'printf "a\\nb\\n"').headers()).rejects.toThrow('--auth-cmd dave: the command printed more than one line');
  });
});
