// Graceful shutdown: on SIGTERM/SIGINT stop accepting connections, let in-flight requests
// finish (bounded by a timeout, after which open connections are cut), then close stores and
// the database in order. Resolves with the exit code: 0 when everything closed in time.
import type { FastifyBaseLogger, FastifyInstance } from 'fastify';

export interface Closer {
  readonly name: string;
  close(): Promise<void>;
}

export interface ShutdownOptions {
  readonly timeoutMs: number;
  readonly logger: Pick<FastifyBaseLogger, 'info' | 'warn' | 'error'>;
  readonly signals?: readonly NodeJS.Signals[];
  /** The process whose signals are watched (tests may pass an EventEmitter). */
  readonly target?: Pick<NodeJS.Process, 'on' | 'removeListener'>;
  /** A signal that arrived during start-up (see `EarlySignals`): shut down at once. */
  readonly signalled?: NodeJS.Signals;
}

/** Catches SIGTERM/SIGINT while the process starts (opening the database, migrating), so that
 * a signal then does not kill it half-way; the shutdown runs as soon as the server exists. */
export class EarlySignals {
  #received: NodeJS.Signals | undefined;
  readonly #signals: readonly NodeJS.Signals[];
  readonly #target: Pick<NodeJS.Process, 'on' | 'removeListener'>;
  readonly #onSignal = (signal: NodeJS.Signals) => {
    this.#received ??= signal;
  };

  constructor(signals: readonly NodeJS.Signals[] = ['SIGTERM', 'SIGINT'], target: Pick<NodeJS.Process, 'on' | 'removeListener'> = process) {
    this.#signals = signals;
    this.#target = target;
    for (const signal of signals) target.on(signal, this.#onSignal);
  }

  /** The first signal received so far, if any. */
  get received(): NodeJS.Signals | undefined {
    return this.#received;
  }

  /** Stops catching; returns the first signal received, if any. */
  release(): NodeJS.Signals | undefined {
    for (const signal of this.#signals) this.#target.removeListener(signal, this.#onSignal);
    return this.#received;
  }
}

/** Waits for a shutdown signal, then shuts `app` and `closers` down; resolves with the exit code. */
export function waitForShutdown(app: FastifyInstance, closers: readonly Closer[], options: ShutdownOptions): Promise<number> {
  const signals = options.signals ?? ['SIGTERM', 'SIGINT'];
  const target = options.target ?? process;
  const { logger } = options;

  return new Promise<number>((resolve) => {
    let started = false;
    const forceClose = () => app.server.closeAllConnections();

    const onSignal = (signal: NodeJS.Signals) => {
      if (started) {
        // A second signal: stop waiting for in-flight requests.
        logger.warn({ signal }, 'second signal: closing every connection now');
        forceClose();
        return;
      }
      started = true;
      logger.info({ signal, timeoutMs: options.timeoutMs }, 'shutting down: no new connections, finishing requests in flight');
      void shutdown().then(resolve);
    };

    async function shutdown(): Promise<number> {
      let code = 0;
      const timer = setTimeout(() => {
        code = 1;
        logger.warn({ timeoutMs: options.timeoutMs }, 'requests still in flight at the shutdown deadline: closing their connections');
        forceClose();
      }, options.timeoutMs);
      try {
        // Fastify: stop listening, answer requests still arriving on open connections with 503
        // (guard's preClose hook), wait for in-flight ones, then run onClose hooks.
        await app.close();
      } catch (error) {
        code = 1;
        logger.error({ err: error }, 'closing the server failed');
      } finally {
        clearTimeout(timer);
      }
      for (const closer of closers) {
        try {
          await closer.close();
        } catch (error) {
          code = 1;
          logger.error({ err: error, closer: closer.name }, 'closing a store failed');
        }
      }
      for (const signal of signals) target.removeListener(signal, onSignal);
      logger.info({ exitCode: code }, 'shut down');
      return code;
    }

    // `on`, not `once`: a second signal must still be caught (and not kill the process).
    for (const signal of signals) target.on(signal, onSignal);
    if (options.signalled) onSignal(options.signalled);
  });
}
