// Types of platform-http.js for the TypeScript tests (the bench itself runs as plain Node ESM).
import type { Agent } from 'node:http';
import type { LatencySummary } from './platform-measure.js';

export type StatusCounts = Record<string, number>;
export interface SendOptions {
  readonly agent?: Agent;
  readonly port: number;
  readonly method?: string;
  readonly path: string;
  readonly headers?: Record<string, string>;
  readonly body?: unknown;
  readonly timeoutMs?: number;
}
export function send(options: SendOptions): Promise<{ status: number; body: string; ms: number }>;
export function postJson(
  port: number,
  path: string,
  body: unknown,
  options?: { expected?: number; headers?: Record<string, string> },
): Promise<{ status: number; json: unknown }>;
export function probe(options: {
  port: number;
  path: string;
  rate: number;
  seconds: number;
  connections: number;
  headers?: Record<string, string>;
}): Promise<LatencySummary & { statuses: StatusCounts; rate: number; seconds: number }>;
export function loginLoad(options: {
  port: number;
  users: readonly { email: string; password: string }[];
  concurrency: number;
  perAddress: number;
  addressOffset: number;
}): { stop(): Promise<LatencySummary & { statuses: StatusCounts; perSecond: number; concurrency: number }> };
export function hammer(options: {
  ports: readonly number[];
  path: string;
  keys: number;
  perKey: number;
  concurrency: number;
  addressOffset?: number;
  headers?: Record<string, string>;
}): Promise<{ requests: number; statuses: StatusCounts; admittedByKey: Record<string, number>; seconds: number }>;
