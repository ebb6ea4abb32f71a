// What bin/tanner.js does, on the sources: child-process specs run the CLI without a build.
import { main } from '../../src/cli/main.js';

process.exitCode = await main(process.argv.slice(2));
