// `npm run check:env-samples`: exit 1, naming files and variables, when an env sample
// disagrees with ENV_VARIABLES or fails validateEnv() (the logic is in env-samples.ts).
import { ENV_VARIABLES } from '../backend/src/config/env';
import { checkEnvSamples } from './env-samples';

const { ok, reports } = checkEnvSamples();
for (const { file, problems } of reports) {
  if (problems.length === 0) console.log(`✓ ${file}`);
  else {
    console.log(`✗ ${file}`);
    for (const problem of problems) console.log(`    - ${problem}`);
  }
}
console.log(
  ok
    ? `env samples agree with the ${ENV_VARIABLES.length} variables of backend/src/config/env.ts and pass validateEnv().`
    : 'env samples are out of step with backend/src/config/env.ts: fix the files above.',
);
process.exitCode = ok ? 0 : 1;
