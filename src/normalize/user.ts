/**
 * Account names as the different logs write them, reduced to one key for matching.
 *
 * LSM writes `DOMAIN\user`, Security splits `TargetUserName`/`TargetDomainName`, RCM 1149 gives user and
 * domain separately with the domain cut to 15 characters (a NetBIOS name: `MAGNETIC-DESKTO`), some tools write
 * `user@dns.domain`. Case differs between sources. The key lower-cases everything and reduces the domain to
 * its NetBIOS-like form (first DNS label, at most 15 characters) so that these spellings meet; the display
 * form keeps what the log said.
 */

export interface NormalizedUser {
  /** as logged, `DOMAIN\user` when a domain is known */
  display: string;
  /** lower-case user name without domain */
  name: string;
  /** lower-case NetBIOS-like domain, null when the log gave none */
  domain: string | null;
  /** `domain\name` (or `name` without a domain), for grouping and comparison */
  key: string;
}

const EMPTY = new Set(['', '-']);

/** The NetBIOS form a domain most likely has: first label of a DNS name, cut to 15 characters. */
export function netbiosDomain(domain: string): string {
  const first = domain.includes('.') ? domain.split('.')[0]! : domain;
  return first.slice(0, 15).toLowerCase();
}

/**
 * `user` may be `DOMAIN\user`, `user@domain` or a bare name; `domain` is used when the name carries none.
 * Returns null for empty/`-` names.
 */
export function normalizeUser(user: string | null | undefined, domain?: string | null): NormalizedUser | null {
  if (user === null || user === undefined) return null;
  let u = user.trim();
  let d = domain?.trim() ?? '';
  if (EMPTY.has(u)) return null;
  const bs = u.lastIndexOf('\\');
  if (bs >= 0) {
    const embedded = u.slice(0, bs);
    u = u.slice(bs + 1);
    if (embedded !== '') d = embedded;
  } else {
    const at = u.lastIndexOf('@');
    if (at > 0 && at < u.length - 1) {
      if (EMPTY.has(d)) d = u.slice(at + 1);
      u = u.slice(0, at);
    }
  }
  if (EMPTY.has(u)) return null;
  const hasDomain = !EMPTY.has(d);
  const name = u.toLowerCase();
  const dom = hasDomain ? netbiosDomain(d) : null;
  return {
    display: hasDomain ? `${d}\\${u}` : u,
    name,
    domain: dom,
    key: dom ? `${dom}\\${name}` : name,
  };
}

/** Same account? A side without a domain matches any domain (RCM 1149 often has none). */
export function sameUser(a: NormalizedUser | null, b: NormalizedUser | null): boolean {
  if (!a || !b) return false;
  if (a.name !== b.name) return false;
  return a.domain === null || b.domain === null || a.domain === b.domain;
}
