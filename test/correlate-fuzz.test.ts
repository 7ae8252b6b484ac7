// Arbitrary (also malformed) event streams: the correlator never throws, links each event at most
// once per attempt, keeps outcomes/stages in their vocabularies, and gives identical output twice.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { correlateHost } from '../src/correlate/host-correlator.js';
import { normalizeAddress } from '../src/normalize/address.js';
import { EventLog, P } from './correlate/events.js';

const SOURCES = Object.keys(P) as Array<keyof typeof P>;
const IDS: Record<string, number[]> = {
  core: [65, 66, 68, 72, 98, 102, 103, 131, 139, 140, 143, 148], lsm: [21, 22, 23, 24, 25, 39, 40, 41, 42],
  rcm: [261, 1149], sec: [4624, 4625, 4634, 4647, 4778, 4779, 4825], client: [1024, 1025, 1026, 1027, 1102, 1105],
  schannel: [36887, 36888], termdd: [50, 56], lsasrv: [6041],
};
const value = fc.oneof(fc.constantFrom('10.0.0.1', '10.0.0.1:5', '[10.0.0.2]', 'LOCAL', '-', '', '0.0.0.0', 'fe80::1%3', 'TCP', 'UDP', '2', '0x1f', 'RDP-Tcp#1', 'CORP\\u', 'SetErrorInfo(0x5)', 'LogonNotify(SessionId=2)', 'OnDisconnected', '10', '3'), fc.string({ maxLength: 6 }));
const fieldNames = fc.constantFrom('ClientIP', 'ConnType', 'ConnectionName', 'SessionID', 'MethodName', 'ReasonCode', 'IPString', 'User', 'Address', 'Session', 'Reason', 'Param1', 'Param3', 'TargetUserName', 'TargetLogonId', 'LogonType', 'IpAddress', 'LogonID', 'SessionName', 'Value', 'Data[1]', 'Data[2]');
const event = fc.record({
  src: fc.constantFrom(...SOURCES),
  pick: fc.nat(),
  at: fc.integer({ min: 0, max: 4000 }),
  fields: fc.dictionary(fieldNames, value, { maxKeys: 5 }),
  act: fc.option(fc.constantFrom('a', 'b', 'c', 'd'), { nil: null }),
});

test('correlator on arbitrary event streams', async () => {
  await fc.assert(
    fc.asyncProperty(fc.array(event, { maxLength: 60 }), fc.boolean(), async (specs, hasCore) => {
      const mk = () => {
        const log = new EventLog('FUZZ');
        for (const s of specs) log.add(s.src, IDS[s.src]![s.pick % IDS[s.src]!.length]!, s.at / 10, s.fields, s.act);
        return log.sorted();
      };
      const cov = { rdpCoreTs: hasCore ? ([[0, 1e13]] as Array<[number, number]>) : [], hasRcm: true, hasLsm: hasCore };
      const r1 = await correlateHost('FUZZ', mk(), cov);
      const r2 = await correlateHost('FUZZ', mk(), cov);
      assert.equal(JSON.stringify(r1), JSON.stringify(r2));
      for (const a of r1.attempts) {
        assert.equal(new Set(a.events.map((l) => l.eventId)).size, a.events.length);
        assert.ok(['succeeded', 'failed-before-logon', 'disconnected', 'logged-off', 'probe', 'unknown'].includes(a.outcome));
        assert.match(a.stage, /^S(1[01]?|[0-9])$/);
        assert.ok(a.events.every((l) => l.confidence > 0 && l.confidence <= 1));
        assert.ok(a.start <= a.end);
      }
      assert.equal(new Set(r1.attempts.map((a) => a.id)).size, r1.attempts.length);
      assert.equal(new Set(r1.sessions.map((s) => s.id)).size, r1.sessions.length);
    }),
    { numRuns: 300 },
  );
});

test('address normaliser: any IPv4 with any port keeps the address and port; never throws on text', () => {
  fc.assert(
    fc.property(fc.ipV4(), fc.integer({ min: 1, max: 65535 }), (ip, port) => {
      const canon = ip.split('.').map((o) => String(Number(o))).join('.');
      const a = normalizeAddress(`${ip}:${port}`);
      assert.equal(a.ip, canon);
      assert.equal(a.port, port);
      assert.equal(normalizeAddress(`[${ip}]:${port}`).ip, canon);
      assert.equal(normalizeAddress(`::ffff:${ip}`).ip, canon);
    }),
  );
  fc.assert(fc.property(fc.string(), (s) => { normalizeAddress(s); }));
  fc.assert(fc.property(fc.ipV6(), (ip) => { const a = normalizeAddress(ip); assert.ok(a.ip !== null); }));
});
