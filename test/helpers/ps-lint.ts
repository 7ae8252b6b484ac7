/**
 * A small PowerShell lexer for checking generated scripts where no PowerShell is installed: strings and
 * comments end, brackets balance (also inside "$( … )" subexpressions), and every variable that is read
 * is assigned, declared as a parameter or loop variable, or automatic. It catches the mistakes a
 * generator makes (an unescaped quote, "$Name_" read as another variable, a lost brace); it is not a
 * full parser.
 */

export interface PsLintResult {
  errors: string[];
  /** variables read (lower case) */
  reads: Set<string>;
  /** variables assigned or declared (lower case) */
  writes: Set<string>;
}

const AUTOMATIC = new Set(['true', 'false', 'null', '_', 'lastexitcode', 'psversiontable', 'executioncontext', 'args', 'input', 'pscmdlet', 'error', 'host', 'home', 'pwd', 'psscriptroot', 'erroractionpreference']);
const OPEN: Record<string, string> = { '(': ')', '{': '}', '[': ']' };

export function lintPowerShell(src: string): PsLintResult {
  const errors: string[] = [];
  const reads = new Set<string>();
  const writes = new Set<string>();
  const stack: { ch: string; line: number }[] = [];
  let i = 0;
  let line = 1;
  const n = src.length;

  const lineAt = () => line;
  const readVar = (): string | null => {
    // at "$": returns the variable name (scoped names like $env:X are returned with their scope)
    let j = i + 1;
    if (src[j] === '{') {
      const end = src.indexOf('}', j);
      if (end < 0) {
        errors.push(`line ${lineAt()}: unterminated \${…}`);
        return null;
      }
      i = end + 1;
      return src.slice(j + 1, end);
    }
    const m = /^(?:[A-Za-z_][A-Za-z0-9_]*:)?[A-Za-z_][A-Za-z0-9_]*|^[_?$^]/.exec(src.slice(j));
    if (!m) return null;
    i = j + m[0].length;
    return m[0];
  };
  const noteRead = (name: string) => {
    if (/^(env|script|global|local|using):/i.test(name)) return;
    reads.add(name.toLowerCase());
  };

  function doubleQuoted(): void {
    // at the opening quote
    const startLine = line;
    i++;
    while (i < n) {
      const ch = src[i]!;
      if (ch === '\n') line++;
      if (ch === '`') {
        i += 2;
        continue;
      }
      if (ch === '"') {
        if (src[i + 1] === '"') {
          i += 2;
          continue;
        }
        i++;
        return;
      }
      if (ch === '$') {
        if (src[i + 1] === '(') {
          i += 2;
          code(')');
          continue;
        }
        const v = readVar();
        if (v) {
          noteRead(v);
          continue;
        }
      }
      i++;
    }
    errors.push(`line ${startLine}: unterminated double-quoted string`);
  }

  function singleQuoted(): void {
    const startLine = line;
    i++;
    while (i < n) {
      const ch = src[i]!;
      if (ch === '\n') line++;
      if (ch === "'") {
        if (src[i + 1] === "'") {
          i += 2;
          continue;
        }
        i++;
        return;
      }
      i++;
    }
    errors.push(`line ${startLine}: unterminated single-quoted string`);
  }

  /** Code until `until` closes (or the end of the text when null). */
  function code(until: string | null): void {
    const base = stack.length;
    if (until) stack.push({ ch: '(', line });
    while (i < n) {
      const ch = src[i]!;
      if (ch === '\n') {
        line++;
        i++;
        continue;
      }
      if (ch === '#') {
        while (i < n && src[i] !== '\n') i++;
        continue;
      }
      if (ch === '<' && src[i + 1] === '#') {
        const end = src.indexOf('#>', i + 2);
        if (end < 0) {
          errors.push(`line ${line}: unterminated block comment`);
          i = n;
          return;
        }
        line += (src.slice(i, end).match(/\n/g) ?? []).length;
        i = end + 2;
        continue;
      }
      if (ch === '@' && (src[i + 1] === '"' || src[i + 1] === "'") && src[i + 2] === '\n') {
        errors.push(`line ${line}: here-strings are not expected in generated scripts`);
      }
      if (ch === "'") {
        singleQuoted();
        continue;
      }
      if (ch === '"') {
        doubleQuoted();
        continue;
      }
      if (ch === '`') {
        i += 2;
        continue;
      }
      if (ch === '$') {
        const v = readVar();
        if (v) {
          // an assignment: $x = …, $x += …  (not ==, -eq is an operator word)
          const after = /^\s*(\+|-|\*|\/)?=(?!=)/.exec(src.slice(i));
          if (after) writes.add(v.toLowerCase());
          else noteRead(v);
          continue;
        }
      }
      if (ch in OPEN) {
        stack.push({ ch, line });
        i++;
        continue;
      }
      if (ch === ')' || ch === '}' || ch === ']') {
        const top = stack.pop();
        if (!top || OPEN[top.ch] !== ch) {
          errors.push(`line ${line}: "${ch}" does not close ${top ? `"${top.ch}" from line ${top.line}` : 'anything'}`);
          return;
        }
        i++;
        if (until && stack.length === base) return;
        continue;
      }
      i++;
    }
    if (until) errors.push(`line ${line}: "$(" not closed`);
  }

  // declared names: function parameters "[type]$Name" inside "function X(…)" / "param(…)", foreach variables
  for (const m of src.matchAll(/(?:function\s+[\w-]+\s*\(|param\s*\()([^)]*)\)/gi)) {
    for (const p of m[1]!.matchAll(/\$([A-Za-z_]\w*)/g)) writes.add(p[1]!.toLowerCase());
  }
  for (const m of src.matchAll(/foreach\s*\(\s*\$([A-Za-z_]\w*)\s+in\b/gi)) writes.add(m[1]!.toLowerCase());
  // "while (($count = …" style assignments inside conditions are seen by the lexer as assignments too

  code(null);
  for (const open of stack) errors.push(`line ${open.line}: "${open.ch}" never closed`);
  for (const r of reads) if (!writes.has(r) && !AUTOMATIC.has(r)) errors.push(`variable $${r} is read but never assigned`);
  return { errors, reads, writes };
}
