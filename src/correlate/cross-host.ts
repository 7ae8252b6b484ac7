/**
 * Joins client-side attempts (mstsc on one machine) to server-side attempts (the RDP host) when both
 * exports were ingested. The client log names the server as typed (1024) and by address (1102); the
 * server log knows the client only by address. So the join is: server host name = the name the client
 * typed (first DNS label, case-insensitive) and start times within the clock-skew tolerance; when the
 * client typed an address, time alone decides, and only when a single server host has a candidate.
 */
import type { Attempt } from '../model/analysis.js';
import { timeMs } from './facts.js';
import { normalizeAddress } from '../normalize/address.js';

export const DEFAULT_SKEW_MS = 120_000;

function firstLabel(name: string): string {
  return name.trim().toLowerCase().split('.')[0]!;
}

/** Sets peerAttemptId/peerJoin on both sides of each pair; returns the number of pairs. */
export function joinAcrossHosts(attempts: Attempt[], skewMs = DEFAULT_SKEW_MS): number {
  const clients = attempts.filter((a) => a.side === 'client').sort(byStart);
  const servers = attempts.filter((a) => a.side === 'server').sort(byStart);
  if (!clients.length || !servers.length) return 0;
  const serverMs = servers.map((s) => timeMs(s.start));
  const taken = new Set<string>();
  let pairs = 0;
  for (const c of clients) {
    const cMs = timeMs(c.start);
    const target = c.target ?? c.clientAddress;
    if (!target) continue;
    const typedAddress = normalizeAddress(target.replace(/:\d+$/, '')).key !== null;
    const want = typedAddress ? null : firstLabel(target.replace(/:\d+$/, ''));
    // candidates: server attempts on other hosts within the skew window (binary search on start)
    let lo = lowerBound(serverMs, cMs - skewMs);
    const cands: Array<{ s: Attempt; dt: number }> = [];
    for (; lo < servers.length && serverMs[lo]! <= cMs + skewMs; lo++) {
      const s = servers[lo]!;
      if (s.host.toLowerCase() === c.host.toLowerCase() || taken.has(s.id) || s.peerAttemptId) continue;
      if (want !== null && firstLabel(s.host) !== want) continue;
      cands.push({ s, dt: serverMs[lo]! - cMs });
    }
    if (!cands.length) continue;
    if (want === null && new Set(cands.map((x) => x.s.host.toLowerCase())).size > 1) continue;
    cands.sort((x, y) => Math.abs(x.dt) - Math.abs(y.dt) || (x.s.id < y.s.id ? -1 : 1));
    const { s, dt } = cands[0]!;
    const how = want !== null ? `server name ${target} = host ${s.host}` : `time only (client typed address ${target}; one server host in the window)`;
    const text = `${how}, start ${dt >= 0 ? '+' : '-'}${(Math.abs(dt) / 1000).toFixed(1)} s (tolerance ±${Math.round(skewMs / 1000)} s)`;
    c.peerAttemptId = s.id;
    c.peerJoin = text;
    s.peerAttemptId = c.id;
    s.peerJoin = text;
    taken.add(s.id);
    pairs++;
  }
  return pairs;
}

function byStart(a: Attempt, b: Attempt): number {
  return a.start < b.start ? -1 : a.start > b.start ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

function lowerBound(xs: number[], v: number): number {
  let lo = 0, hi = xs.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (xs[mid]! < v) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
