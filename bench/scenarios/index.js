// The platform and production scenarios (issues 3 and 4), appended to run.js's list. Each has a
// `custom` runner that measures, prints, and returns its figures, verdicts and markdown section.
// A scenario that fails is reported as failed; it does not throw away the rest of the run.
import { platformAuthScenario } from './platform-auth.js';
import { loginLoadScenario } from './login-load.js';
import { redisLimiterScenario } from './redis-limiter.js';
import { platformHealthScenario } from './platform-health.js';

function reportingFailure(scenario) {
  return {
    ...scenario,
    async custom(context) {
      try {
        return await scenario.custom(context);
      } catch (error) {
        const reason = error instanceof Error ? error.message : String(error);
        console.log(`  failed: ${reason}`);
        return {
          id: scenario.id,
          title: scenario.title,
          failed: reason,
          verdicts: [{ met: false, text: `scenario ${scenario.title.split('.')[0]}: failed (${reason.split('\n')[0].slice(0, 200)})` }],
          markdown: `### ${scenario.title}\n\nFailed: ${reason.split('\n')[0].slice(0, 400)}\n`,
        };
      }
    },
  };
}

export const PLATFORM_SCENARIOS = [platformAuthScenario, loginLoadScenario, redisLimiterScenario, platformHealthScenario].map(reportingFailure);
