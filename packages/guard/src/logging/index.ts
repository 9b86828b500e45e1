// pino options for guard: JSON lines, request id on every line of a request (Fastify binds
// `reqId`), and redaction by key name at any depth (see redact.ts).
import type { FastifyRequest, FastifyServerOptions } from 'fastify';
import { REDACTED, isSensitiveKey, redactDeep, redactText, redactUrl, serializeError } from './redact.js';

export { REDACTED, isSensitiveKey, redactDeep, redactText, redactUrl, serializeError } from './redact.js';

/** A writable destination for log lines (pino's DestinationStream). */
export interface LogDestination {
  write(line: string): void;
}

export interface GuardLoggerSettings {
  /** pino level; default `info`. */
  readonly level?: string;
  /** Where lines go; default standard output. Tests pass a stream to read real log output. */
  readonly stream?: LogDestination;
}

type LoggerOptions = Exclude<FastifyServerOptions['logger'], boolean | undefined> & { stream?: LogDestination };

// Keys that pino runs through a serializer: the serializer's output is redacted instead.
const SERIALIZED = new Set(['req', 'res', 'err', 'error']);

function redactLogObject(object: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key in object) {
    if (!Object.hasOwn(object, key)) continue;
    const value = object[key];
    if (isSensitiveKey(key)) out[key] = REDACTED;
    else if (SERIALIZED.has(key) || typeof value !== 'object' || value === null) out[key] = value;
    else out[key] = redactDeep(value, 1);
  }
  return out;
}

interface RequestLike {
  method?: string;
  url?: string;
  hostname?: string;
  ip?: string;
  socket?: { remotePort?: number };
}

function serializeRequest(request: FastifyRequest | RequestLike): Record<string, unknown> {
  return {
    method: request.method,
    url: typeof request.url === 'string' ? redactUrl(request.url) : undefined,
    host: request.hostname,
    remoteAddress: request.ip,
    remotePort: request.socket?.remotePort,
  };
}

function serializeReply(reply: { statusCode?: number }): Record<string, unknown> {
  return { statusCode: reply.statusCode };
}

function serializeAnyError(value: unknown): unknown {
  return value instanceof Error ? serializeError(value) : redactDeep(value);
}

export function guardLoggerOptions(settings: GuardLoggerSettings = {}): LoggerOptions {
  const options: LoggerOptions = {
    level: settings.level ?? 'info',
    serializers: {
      req: serializeRequest as never,
      res: serializeReply as never,
      err: serializeAnyError as never,
      error: serializeAnyError,
    },
    formatters: {
      log: redactLogObject,
      bindings: (bindings: Record<string, unknown>) => redactLogObject(bindings),
    },
    hooks: {
      // Free-text messages: scrub bearer credentials and JWTs.
      logMethod(args: unknown[], method: (...args: unknown[]) => void) {
        // Most lines carry no credential: only copy the arguments when one changes.
        let scrubbed: unknown[] | undefined;
        for (let i = 0; i < args.length; i++) {
          const arg = args[i];
          if (typeof arg !== 'string') continue;
          const clean = redactText(arg);
          if (clean !== arg) (scrubbed ??= [...args])[i] = clean;
        }
        method.apply(this, scrubbed ?? args);
      },
    },
  };
  if (settings.stream) options.stream = settings.stream;
  return options;
}
