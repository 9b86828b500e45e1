// `rampart_isolation_mode{mode}`: 1 for the mode in force on this instance, 0 for the others
// (alert on `rampart_isolation_mode{mode!="off"} == 1`).
import { Gauge, type Registry } from 'prom-client';
import { ISOLATION_MODES } from './mode.js';
import type { IsolationReader } from './state.js';

export function registerIsolationMetrics(registry: Registry, isolation: IsolationReader): void {
  new Gauge({
    name: 'rampart_isolation_mode',
    help: 'Service isolation mode in force on this instance (rampart isolate): 1 for the current mode',
    labelNames: ['mode'],
    registers: [registry],
    collect() {
      const current = isolation.current();
      for (const mode of ISOLATION_MODES) this.set({ mode }, mode === current ? 1 : 0);
    },
  });
}
