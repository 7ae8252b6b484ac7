/**
 * Event text is untrusted: it comes from machines that may be compromised. Before any of it reaches a
 * terminal, C0/C1 control characters (ESC, CSI, OSC, BEL, backspace …) are made visible instead of
 * being interpreted. Tab and newline are kept only where the caller allows them.
 */
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;
// eslint-disable-next-line no-control-regex
const CONTROL_AND_NEWLINES = /[\u0000-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

function visible(ch: string): string {
  const c = ch.charCodeAt(0);
  if (c === 0x1b) return '␛';
  if (c < 0x20) return String.fromCharCode(0x2400 + c); // Control Pictures block
  if (c === 0x7f) return '␡';
  return `\\u${c.toString(16).padStart(4, '0')}`;
}

/** For one-line terminal output: newlines and tabs become visible too. */
export function termSafe(text: string): string {
  return text.replace(CONTROL_AND_NEWLINES, visible);
}

/** For multi-line terminal output (messages, raw XML): keeps \n and \t. */
export function termSafeMultiline(text: string): string {
  return text.replace(/\r\n/g, '\n').replace(CONTROL, visible);
}

// eslint-disable-next-line no-control-regex
const JSON_UNSAFE = /[\u007f-\u009f\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

/**
 * JSON.stringify for output that may reach a terminal: it escapes U+0000–U+001F itself; DEL, the
 * C1 controls (U+009B is a one-character CSI on many terminals) and bidi overrides are escaped too.
 * The result parses back to the same value.
 */
export function jsonForTerminal(value: unknown, indent?: number): string {
  return JSON.stringify(value, null, indent).replace(JSON_UNSAFE, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/**
 * The text of jsonForTerminal(value, indent), in pieces: a top-level object is written member by
 * member and its array members element by element, so a document of hundreds of megabytes never
 * exists as one string. Joined, the pieces are exactly jsonForTerminal(value, indent).
 */
export function* jsonForTerminalChunks(value: unknown, indent = 2): Generator<string> {
  if (!(indent > 0) || value === null || typeof value !== 'object' || Array.isArray(value) || typeof (value as { toJSON?: unknown }).toJSON === 'function') {
    yield jsonForTerminal(value, indent);
    return;
  }
  const pad = ' '.repeat(indent);
  const members = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined && typeof v !== 'function' && typeof v !== 'symbol');
  if (members.length === 0) {
    yield '{}';
    return;
  }
  const nest = (text: string, by: string) => text.replace(/\n/g, `\n${by}`);
  yield '{\n';
  for (let i = 0; i < members.length; i++) {
    const [k, v] = members[i]!;
    const head = `${pad}${jsonForTerminal(k)}: `;
    if (Array.isArray(v) && v.length > 0) {
      yield `${head}[\n`;
      for (let j = 0; j < v.length; j++) {
        const el = v[j];
        const text = el === undefined || typeof el === 'function' || typeof el === 'symbol' ? 'null' : jsonForTerminal(el, indent);
        yield `${pad}${pad}${nest(text, pad + pad)}${j < v.length - 1 ? ',' : ''}\n`;
      }
      yield `${pad}]${i < members.length - 1 ? ',' : ''}\n`;
    } else {
      yield `${head}${nest(jsonForTerminal(v, indent), pad)}${i < members.length - 1 ? ',' : ''}\n`;
    }
  }
  yield '}';
}
