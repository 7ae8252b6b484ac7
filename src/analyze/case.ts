/**
 * Commands that look at a case (analyze, browse, report) accept either a case database or inputs to
 * ingest first. A lone argument that is an SQLite file is the database; anything else is input.
 */
import { resolve } from 'node:path';
import { isSqliteFile } from '../util/sqlite-file.js';

export interface CaseArgs {
  /** absolute path of the case database */
  db: string;
  /** inputs to ingest before looking (may be empty: just open the database) */
  inputs: string[];
}

export async function resolveCaseArgs(args: string[], dbOption: string, cwd: string): Promise<CaseArgs> {
  if (args.length === 1 && (await isSqliteFile(resolve(cwd, args[0])))) return { db: resolve(cwd, args[0]), inputs: [] };
  return { db: dbOption === ':memory:' ? dbOption : resolve(cwd, dbOption), inputs: args };
}
