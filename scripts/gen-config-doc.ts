/**
 * Print the configuration reference generated from src/config/:
 *   node --import tsx scripts/gen-config-doc.ts > docs/config.md
 * spec/config/config-doc.spec.ts fails when docs/config.md is out of date.
 */
import { renderConfigDoc } from '../src/config/describe-config.js';

process.stdout.write(renderConfigDoc());
