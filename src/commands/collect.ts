/**
 * `rdplens collect`: the answer to "what should I send you?" — a PowerShell script that exports exactly
 * the logs rdplens reads, for machines where rdplens itself does not run.
 */
import { writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { Option } from 'commander';
import type { RegisterCommand } from './types.js';
import { UserError } from '../util/io.js';
import { channelsForRole, describeChannels, selectChannels, type RoleChoice } from '../live/channels.js';
import { parseSince } from '../live/query.js';
import { collectScript, psString, type ExportFormat } from '../live/collect-script.js';

export const DEFAULT_SINCE = '7d';

interface CollectOptions {
  out?: string;
  since: string;
  role: RoleChoice;
  channels?: string;
  script?: string;
  format: ExportFormat;
}

export const registerCollect: RegisterCommand = (program, io) => {
  program
    .command('collect')
    .summary('print a PowerShell script that exports the event logs rdplens needs (for a help desk to send)')
    .description(
      'Prints (or with --script writes) a PowerShell script to run on the RDP server and/or client. It exports exactly the ' +
        'logs below for the chosen time range (wevtutil epl to .evtx and/or wevtutil qe to UTF-8 .xml), names each file ' +
        'with the computer name and the time range, notes which logs were missing or unreadable, and packs everything ' +
        'into one .zip. Unzip it and run `rdplens analyze <folder>`.',
    )
    .option('--out <dir>', 'folder on the Windows computer for the export and the zip (default: that user\'s desktop)')
    .option('--since <when>', 'time range start: a duration (24h, 30m, 7d) or a date/time (2026-11-20T08:00, local time of that computer)', DEFAULT_SINCE)
    .addOption(new Option('--role <role>', 'which side the computer is on').choices(['server', 'client', 'both']).default('both'))
    .option('--channels <list>', 'only these logs (comma-separated keys from the list below)')
    .option('--script <file>', 'write the script to this file (UTF-8 with BOM, as Windows PowerShell 5.1 needs) instead of printing it')
    .addOption(new Option('--format <format>', 'export format').choices(['evtx', 'xml', 'both']).default('evtx'))
    .addHelpText('after', `\nLogs exported (key, log name, what rdplens uses it for):\n${describeChannels()}\n\nExamples:\n  rdplens collect --script rdplens-collect.ps1\n  rdplens collect --role client --since 2026-11-20T08:00 --format both --script client.ps1\n`)
    .action(async (opts: CollectOptions) => {
      let since;
      let channels;
      try {
        since = parseSince(opts.since);
        channels = opts.channels ? selectChannels(opts.channels).filter((c) => opts.role === 'both' || c.roles.includes(opts.role)) : channelsForRole(opts.role);
      } catch (e) {
        throw new UserError((e as Error).message);
      }
      if (channels.length === 0) throw new UserError(`none of the logs given with --channels is kept by a ${opts.role}`);
      if (opts.out?.includes('"')) throw new UserError('--out: a Windows path cannot contain a double quote');
      const describe = [
        'rdplens collect',
        `--role ${opts.role}`,
        `--since ${opts.since}`,
        `--format ${opts.format}`,
        ...(opts.channels ? [`--channels ${channels.map((c) => c.key).join(',')}`] : []),
        ...(opts.out !== undefined ? [`--out ${psString(opts.out)}`] : []),
      ].join(' ');
      const script = collectScript({ channels, since, format: opts.format, outDir: opts.out, describe });
      if (!opts.script) {
        io.stdout.write(script);
        return;
      }
      const target = resolve(io.cwd, opts.script);
      // Windows PowerShell 5.1 reads a BOM-less script as ANSI; the BOM keeps non-ASCII paths intact.
      await writeFile(target, '\ufeff' + script.replace(/\r?\n/g, '\r\n'), 'utf8');
      io.stderr.write(
        `wrote ${opts.script} (${channels.length} logs, ${opts.format}). On the Windows computer, from an elevated PowerShell:\n` +
          `  powershell -NoProfile -ExecutionPolicy Bypass -File .\\${opts.script.split(/[\\/]/).pop()}\n` +
          'then send the .zip it names; analyze it here with: rdplens analyze <unzipped folder>\n',
      );
    });
};
