import { Command, commandHelp, EXIT } from './command.js';

/**
 * docs/cli.md's reference part, rendered from the command definitions
 * themselves (flags and help texts), so the doc cannot drift from the CLI.
 */
export const renderCliReference = (commands: readonly Command[]): string =>
  [
    '## Commands',
    '',
    ...commands.flatMap((c) => [`### tanner ${c.name}`, '', '```text', commandHelp(c).trimEnd(), '```', '']),
    '## Exit codes',
    '',
    '| code | meaning |',
    '| --- | --- |',
    `| ${EXIT.ok} | success |`,
    `| ${EXIT.failed} | the command ran but its check failed (gradcheck above tolerance, training diverged, validation out of interval) or an internal error (run with --debug for the stack) |`,
    `| ${EXIT.usage} | bad usage: unknown flag, bad value, bad config field (its path is printed), unreadable or malformed input file |`,
    `| ${EXIT.interrupted} | interrupted by Ctrl-C or SIGTERM; finished work (checkpoint, finished points or cells) was saved first; a second Ctrl-C exits at once |`,
    '',
  ].join('\n');
