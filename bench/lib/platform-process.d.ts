// Types of the part of platform-process.js the TypeScript tests use.
export interface BenchProcess {
  readonly name: string;
  readonly port: number;
  readonly pid: number | undefined;
  rss(): number;
  output(): string;
  stop(): Promise<void>;
}
export function platformUnavailableReason(): string | null;
export function startSharedLimitGuard(options: {
  prefix: string;
  limit: number;
  limitedClass: 'login' | 'public';
  redisUrl: string;
  cpu?: string;
}): Promise<BenchProcess>;
