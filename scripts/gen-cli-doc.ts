/**
 * Print the command-line reference generated from src/cli/ (flags, help
 * texts, and the messages of real runs):
 *   node --import tsx scripts/gen-cli-doc.ts > docs/cli.md
 * spec/cli/cli-doc.spec.ts fails when docs/cli.md is out of date.
 */
import { renderCliDoc } from '../src/cli/cli-doc.js';
import { loadCommands } from '../src/cli/registry.js';

process.stdout.write(await renderCliDoc(await loadCommands()));
