// @rampart/platform: the reference course-platform API built on @rampart/guard.
export {
  assemblePlatform,
  redisConnectionName,
  type AssemblyOptions,
  type ListenAddress,
  type Platform,
} from './assembly/assemble-platform.js';
export { chooseLogFormat, type LogFormat, type LogFormatInput } from './assembly/log-format.js';
export { createContext, createLogger, type LoggerOptions, type PlatformContext, type OpenContext, type CreateContextOptions } from './context.js';
export {
  loadConfig,
  readEnvironment,
  toGuardPolicyInput,
  ConfigError,
  DEFAULT_RATE_LIMITS,
  type PlatformConfig,
  type ConfigIssue,
  type Env,
} from './config/index.js';
export { openDatabase, migrate, MigrationError, type Database, type DatabaseHandle } from './db/index.js';
export { waitForShutdown, type Closer, type ShutdownOptions } from './lifecycle/shutdown.js';
export { runCli, parseArgs, COMMANDS } from './cli/main.js';
