/**
 * The catalog's code tables as the rule engine's CodeLookup: decodes values in evidence
 * ("ErrorCode 0x8009030D = SEC_E_UNKNOWN_CREDENTIALS") and backs `codeTable` membership tests.
 */
import { CODE_TABLES, decodeCode } from '../catalog/codes/index.js';
import type { CodeTableId } from '../catalog/types.js';
import type { CodeLookup } from './types.js';

const TABLES = new Set(Object.keys(CODE_TABLES));

export const catalogLookup: CodeLookup = (table, value) => {
  if (!TABLES.has(table)) return undefined;
  const e = decodeCode(table as CodeTableId, value);
  return e ? { name: e.name, description: e.description, patterns: e.patterns } : undefined;
};
