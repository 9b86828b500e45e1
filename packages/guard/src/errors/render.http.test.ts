// The error renderer (`errors.render`) and the application code table (`errors.codes`) through
// the guard plugin on a listening server, spoken to over HTTP.
import { Ajv } from 'ajv';
import type { FastifyInstance } from 'fastify';
import { request } from 'undici';
import { afterEach, describe, expect, it } from 'vitest';
import { PolicyError, resolvePolicy } from '../policy/index.js';
import type { GuardPolicyInput } from '../policy/types.js';
import { buildGuardedApp, type GuardedApp } from '../test-support/guard-core-app.js';
import { listenLocal } from '../test-support/listen.js';
import { defineErrorCodes } from './code-table.js';
import { GuardError } from './guard-error.js';
import type { ErrorRenderer } from './render.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const PUBLIC = { access: 'public', rateLimit: 'public' } as const;
const OK = { 200: { type: 'object', properties: { ok: { type: 'boolean' } } } };

const NoteErrors = defineErrorCodes({
  NOTE_NOT_FOUND: { status: 404, error: 'note_not_found', message: 'note not found' },
  NOTE_LOCKED: { status: 409, error: 'note_locked', message: 'the note is locked' },
});

/** RFC 9457 problem details, every validation error listed. */
const problemJson: ErrorRenderer = ({ status, error, message, reference, validation, request: req }) => ({
  contentType: 'application/problem+json',
  body: {
    type: `https://errors.example.com/${error}`,
    title: message,
    status,
    instance: req.url.split('?')[0],
    reference,
    ...(validation.length ? { errors: validation.map((v) => ({ pointer: `#${v.path}`, in: v.location, detail: v.message })) } : {}),
  },
});

// An application that wants every validation error opts in per route (guard's default
// validator stops at the first one: collecting all is a DoS vector on large bodies).
const allErrors = new Ajv({ allErrors: true, coerceTypes: false });

let guarded: GuardedApp | undefined;

afterEach(async () => {
  await guarded?.app.close();
  guarded = undefined;
});

async function start(errors: GuardPolicyInput['errors']): Promise<string> {
  guarded = await buildGuardedApp({ errors }, (app: FastifyInstance) => {
    app.post(
      '/notes',
      {
        config: PUBLIC,
        schema: {
          body: {
            type: 'object',
            required: ['title', 'body'],
            additionalProperties: false,
            properties: { title: { type: 'string', maxLength: 10 }, body: { type: 'string' }, tags: { type: 'array', maxItems: 2 } },
          },
          response: OK,
        },
        validatorCompiler: ({ schema }) => allErrors.compile(schema),
      },
      async () => ({ ok: true }),
    );
    app.get('/notes/:id', { config: PUBLIC, schema: { response: OK } }, async () => {
      throw new GuardError(NoteErrors.NOTE_NOT_FOUND);
    });
    app.get('/crash', { config: PUBLIC, schema: { response: OK } }, async () => {
      throw new Error('connect ECONNREFUSED 10.0.0.5:5432 SELECT password_hash FROM users');
    });
    app.get('/unknown-code', { config: PUBLIC, schema: { response: OK } }, async () => {
      // What a JavaScript caller (or a cast) can still do: a code in neither table.
      throw new GuardError({ code: 'NOTE_ARCHIVED', status: 410, error: 'note_archived', message: 'archived' } as never);
    });
  });
  return listenLocal(guarded.app);
}

const logOf = (reference: string) => guarded?.lines.find((line) => line.reference === reference);

describe('errors.render: RFC 9457 problem+json', () => {
  it('answers 400 with every validation error listed, the reference, the headers and the status', async () => {
    const base = await start({ render: problemJson, codes: NoteErrors });
    const response = await request(`${base}/notes`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ title: '<script>alert(1)</script>', tags: [1, 2, 3] }),
    });
    expect(response.statusCode).toBe(400);
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(response.headers['x-content-type-options']).toBe('nosniff');
    expect(response.headers['x-request-id']).toBeDefined();
    const text = await response.body.text();
    expect(text).not.toContain('script');
    const body = JSON.parse(text) as Record<string, unknown>;
    expect(body).toMatchObject({ type: 'https://errors.example.com/validation_failed', status: 400, instance: '/notes' });
    expect(body.reference).toMatch(UUID);
    expect(body.errors).toEqual(
      expect.arrayContaining([
        { pointer: '#/body', in: 'body', detail: 'is required' },
        { pointer: '#/title', in: 'body', detail: 'must be at most 10 characters' },
        { pointer: '#/tags', in: 'body', detail: 'must have at most 2 items' },
      ]),
    );
    expect((body.errors as unknown[]).length).toBe(3);
    expect(logOf(body.reference as string)).toMatchObject({ level: 30, code: 'RAMPART_ERR_VALIDATION_FAILED', status: 400 });
  });

  it('answers 404 (an unmatched route and an application code) in the rendered shape', async () => {
    const base = await start({ render: problemJson, codes: NoteErrors });
    const unmatched = await request(`${base}/nowhere`);
    expect(unmatched.statusCode).toBe(404);
    expect(unmatched.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(await unmatched.body.json()).toMatchObject({ type: 'https://errors.example.com/not_found', title: 'not found', status: 404 });
    const note = await request(`${base}/notes/42`);
    expect(note.statusCode).toBe(404);
    expect(note.headers['cache-control']).toBe('no-store');
    expect(await note.body.json()).toMatchObject({ type: 'https://errors.example.com/note_not_found', title: 'note not found', status: 404, instance: '/notes/42' });
  });

  it('answers 500 with the reference and nothing internal; the log line carries the error', async () => {
    const base = await start({ render: problemJson, codes: NoteErrors });
    const response = await request(`${base}/crash`);
    expect(response.statusCode).toBe(500);
    const text = await response.body.text();
    expect(text).not.toMatch(/ECONNREFUSED|password|SELECT|stack/);
    const body = JSON.parse(text) as Record<string, unknown>;
    expect(body).toEqual({ type: 'https://errors.example.com/internal_error', title: 'internal error', status: 500, instance: '/crash', reference: expect.stringMatching(UUID) });
    const logged = logOf(body.reference as string);
    expect(logged?.level).toBe(50);
    expect(JSON.stringify(logged)).toContain('ECONNREFUSED');
  });

  it("falls back to guard's body (and logs why) when the renderer drops the reference, throws or returns a bad content type", async () => {
    const renderers: ErrorRenderer[] = [
      ({ status }) => ({ contentType: 'application/problem+json', body: { status } }),
      () => {
        throw new Error('renderer bug');
      },
      ({ reference }) => ({ contentType: 'text/html\r\nx-evil: 1', body: { reference } }),
    ];
    for (const render of renderers) {
      const base = await start({ render, codes: NoteErrors });
      const response = await request(`${base}/notes/1`);
      expect(response.statusCode).toBe(404);
      expect(response.headers['content-type']).toBe('application/json; charset=utf-8');
      expect(response.headers['x-evil']).toBeUndefined();
      const body = (await response.body.json()) as Record<string, string>;
      expect(body).toEqual({ error: 'note_not_found', message: 'note not found', reference: expect.stringMatching(UUID) });
      expect(guarded?.lines.some((line) => line.level === 50 && String(line.msg).startsWith('errors.render'))).toBe(true);
      await guarded?.app.close();
      guarded = undefined;
    }
  });
});

describe('errors.codes: the application table passed at registration', () => {
  it("renders a table code in guard's default shape", async () => {
    const base = await start({ codes: NoteErrors });
    const response = await request(`${base}/notes/7`);
    expect(response.statusCode).toBe(404);
    expect(await response.body.json()).toEqual({ error: 'note_not_found', message: 'note not found', reference: expect.stringMatching(UUID) });
  });

  it('answers a code in neither table with 500 and a loud log line naming the code', async () => {
    const base = await start({ codes: NoteErrors });
    const response = await request(`${base}/unknown-code`);
    expect(response.statusCode).toBe(500);
    const body = (await response.body.json()) as Record<string, string>;
    expect(body).toMatchObject({ error: 'internal_error', message: 'internal error' });
    expect(logOf(body.reference as string)).toMatchObject({ level: 50, code: 'NOTE_ARCHIVED', status: 500 });
    expect(String(logOf(body.reference as string)?.msg)).toContain('"NOTE_ARCHIVED" is neither guard\'s nor in errors.codes');
  });

  it('does not know a code that was defined but not passed (no global registry)', async () => {
    const base = await start({});
    const response = await request(`${base}/notes/7`);
    expect(response.statusCode).toBe(500);
    expect(logOf(((await response.body.json()) as Record<string, string>).reference as string)).toMatchObject({ code: 'NOTE_NOT_FOUND' });
  });

  it('validates the table at start, every problem at once', () => {
    let error: unknown;
    try {
      resolvePolicy({
        errors: {
          codes: {
            RAMPART_ERR_HTTP_NOT_FOUND: { status: 404, error: 'not_found', message: 'not found' },
            NOTE_GONE: { status: 200, error: 'NoteGone', message: 'note ${id} is gone' },
          },
        },
      });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(PolicyError);
    const [problem] = (error as PolicyError).problems;
    expect(problem?.path).toBe('errors.codes');
    expect(problem?.message).toContain("RAMPART_ERR_HTTP_NOT_FOUND: is one of guard's own codes");
    expect(problem?.message).toContain('NOTE_GONE.status: must be an integer from 400 to 599');
    expect(problem?.message).toContain('NOTE_GONE.error: the wire code must be snake_case');
    expect(problem?.message).toContain('NOTE_GONE.message: must be a generic text');
    expect(() => resolvePolicy({ errors: { render: 'problem+json' as never } })).toThrow(/errors\.render: must be a function/);
  });
});
