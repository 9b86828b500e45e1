// Fastify gives every request a child logger bound to its request id. Making a pino child costs
// more than the rest of a small request's logging (at `warn`, most requests log nothing at all),
// so guard's child is lazy: it holds the parent and the bindings, and makes the real child the
// first time a line at an enabled level is written (or a grandchild or the level is asked for).
// Log lines are exactly those of `parent.child(bindings, options)`.
import type { FastifyBaseLogger, FastifyServerOptions } from 'fastify';

type ChildLoggerFactory = NonNullable<FastifyServerOptions['childLoggerFactory']>;

type LogMethod = FastifyBaseLogger['info'];
type Level = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace';
type Bindings = Parameters<FastifyBaseLogger['child']>[0];
type ChildOptions = Parameters<FastifyBaseLogger['child']>[1];

/** A parent that can say whether a level is enabled (pino can); others get an eager child. */
interface LevelAware {
  isLevelEnabled(level: string): boolean;
}

const hasLevelCheck = (logger: FastifyBaseLogger): logger is FastifyBaseLogger & LevelAware =>
  typeof (logger as Partial<LevelAware>).isLevelEnabled === 'function';

class LazyChildLogger implements FastifyBaseLogger {
  #parent: FastifyBaseLogger & LevelAware;
  #bindings: Bindings;
  #options: ChildOptions;
  #child: FastifyBaseLogger | undefined;

  constructor(parent: FastifyBaseLogger & LevelAware, bindings: Bindings, options: ChildOptions) {
    this.#parent = parent;
    this.#bindings = bindings;
    this.#options = options;
  }

  #real(): FastifyBaseLogger {
    this.#child ??= this.#parent.child(this.#bindings, this.#options);
    return this.#child;
  }

  #write(level: Level, args: Parameters<LogMethod>): void {
    if (this.#child === undefined && !this.#parent.isLevelEnabled(level)) return;
    (this.#real()[level] as (...a: Parameters<LogMethod>) => void)(...args);
  }

  get level(): string {
    return this.#child?.level ?? this.#parent.level;
  }
  set level(value: string) {
    this.#real().level = value;
  }
  fatal(...args: Parameters<LogMethod>): void {
    this.#write('fatal', args);
  }
  error(...args: Parameters<LogMethod>): void {
    this.#write('error', args);
  }
  warn(...args: Parameters<LogMethod>): void {
    this.#write('warn', args);
  }
  info(...args: Parameters<LogMethod>): void {
    this.#write('info', args);
  }
  debug(...args: Parameters<LogMethod>): void {
    this.#write('debug', args);
  }
  trace(...args: Parameters<LogMethod>): void {
    this.#write('trace', args);
  }
  silent(): void {}
  child(bindings: Bindings, options?: ChildOptions): FastifyBaseLogger {
    return this.#real().child(bindings, options);
  }
  isLevelEnabled(level: string): boolean {
    return this.#child !== undefined ? (this.#child as FastifyBaseLogger & LevelAware).isLevelEnabled(level) : this.#parent.isLevelEnabled(level);
  }
}

/** Fastify's `childLoggerFactory`: a lazy child for loggers that can check a level (pino). */
export const lazyChildLoggerFactory: ChildLoggerFactory = function lazyChildLoggerFactory(logger, bindings, options) {
  if (!hasLevelCheck(logger)) return logger.child(bindings, options);
  return new LazyChildLogger(logger, bindings, options);
};
