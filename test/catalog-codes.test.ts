import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  CODE_TABLES, PATTERN_IDS, decodeCode, findCode, parseCode, hexOf, decodeTermddBinary, lookupStatus,
  type CodeTableId,
} from '../src/catalog/index.js';

const CONF = new Set(['MS', 'MAN', 'TOOL', 'SAMPLE', 'INF', 'UNC']);

test('every table entry has a source, a confidence tag, a canonical hex and known pattern ids', () => {
  let total = 0;
  for (const [table, list] of Object.entries(CODE_TABLES) as [CodeTableId, typeof CODE_TABLES[CodeTableId]][]) {
    const seen = new Set<number>();
    for (const e of list) {
      const id = `${table} ${e.code}`;
      assert.equal(e.table, table, id);
      assert.ok(e.source.trim().length > 2, `${id} has no source`);
      assert.ok(CONF.has(e.confidence), `${id} confidence ${e.confidence}`);
      assert.equal(e.hex, hexOf(e.code), id);
      assert.match(e.hex, /^0x[0-9A-F]+$/, id);
      assert.ok(e.name.length > 0 && e.description.length > 5, id);
      assert.ok(!seen.has(e.code), `${id} listed twice`);
      seen.add(e.code);
      for (const p of e.patterns ?? []) assert.ok(PATTERN_IDS.includes(p), `${id} names unknown pattern ${p}`);
      total++;
    }
  }
  assert.ok(total > 300, `only ${total} entries`);
});

test('every public pattern id is reachable from at least one code', () => {
  const reached = new Set(Object.values(CODE_TABLES).flat().flatMap((e) => e.patterns ?? []));
  for (const p of PATTERN_IDS) assert.ok(reached.has(p), p);
});

test('disconnect reason 0x904 decodes from every notation people use', () => {
  for (const v of ['0x904', '0X904', '0x0904', '2308', ' 2308 ', 2308, '0x00000904']) {
    const e = decodeCode('discReason', v);
    assert.equal(e?.name, 'disconnectReasonAtClientWinsockFDCLOSE', String(v));
    assert.equal(e?.hex, '0x904');
  }
});

test('NTSTATUS in upper/lower case, bare hex and as a negative 32-bit integer', () => {
  for (const v of ['0xC000006D', '0xc000006d', 'C000006D', -1073741715, '-1073741715', 3221225581]) {
    assert.equal(decodeCode('ntstatus', v)?.name, 'STATUS_LOGON_FAILURE', String(v));
  }
  assert.equal(decodeCode('ntstatus', '0xC0000234')?.patterns?.[0], 'account-state');
  assert.equal(decodeCode('ntstatus', '0xC000015B')?.name, 'STATUS_LOGON_TYPE_NOT_GRANTED');
});

test('negative HRESULTs and SEC_E codes', () => {
  assert.equal(decodeCode('sspi', -2146893043)?.name, 'SEC_E_UNKNOWN_CREDENTIALS');
  assert.equal(decodeCode('sspi', '0x8009030d')?.patterns?.[0], 'cert-private-key');
  assert.equal(decodeCode('win32', '-2147024832')?.name, 'HRESULT ERROR_NETNAME_DELETED');
});

test('derived codes: HRESULT_FROM_WIN32, D-form NTSTATUS, extended protocol range', () => {
  const hr = decodeCode('win32', '0x80070005');
  assert.equal(hr?.name, 'HRESULT_FROM_WIN32(ERROR_ACCESS_DENIED)');
  assert.equal(hr?.hex, '0x80070005');
  const d = decodeCode('ntstatus', '0xD0000184');
  assert.match(d!.name, /^STATUS_INVALID_DEVICE_STATE/);
  assert.equal(d?.confidence, 'INF');
  const ext = decodeCode('extendedReason', '0x10E0');
  assert.equal(ext?.name, 'ERRINFO_SECURITY_DATA_TOO_SHORT');
  assert.match(ext!.description, /server/);
  assert.equal(decodeCode('extendedReason', '0x1FFF')?.name, 'exDiscReasonProtocolRange');
  assert.equal(decodeCode('extendedReason', '0x8000'), undefined);
  // a SEC_E code found in a Win32-typed field is still decoded
  assert.equal(decodeCode('win32', '0x80090331')?.name, 'SEC_E_ALGORITHM_MISMATCH');
});

test('extended reason 7 and errorInfo 7 are the server denial; the 4625 and TLS tables answer their own numbers', () => {
  assert.equal(decodeCode('extendedReason', '0x7')?.name, 'exDiscReasonServerDeniedConnection');
  assert.equal(decodeCode('errorInfo', 7)?.name, 'ERRINFO_SERVER_DENIED_CONNECTION');
  assert.equal(decodeCode('lsm40', '7')?.patterns?.[0], 'server-denied');
  assert.equal(decodeCode('tlsAlert', '40')?.name, 'handshake_failure');
  assert.equal(decodeCode('tlsAlert', 70)?.name, 'protocol_version');
  assert.equal(decodeCode('schannelState', '10013')?.patterns?.[0], 'tls-mismatch');
  assert.equal(decodeCode('logonType', '3')?.name, 'Network');
  assert.equal(decodeCode('failureReason', '%%2313')?.description, 'Unknown user name or bad password.');
  assert.equal(decodeCode('rdpNegFailure', 5)?.name, 'HYBRID_REQUIRED_BY_SERVER');
  assert.equal(decodeCode('rdpcorets103', 14)?.patterns?.[0], 'scanner-noise');
});

test('unknown values and non-numbers give undefined, never a guess', () => {
  assert.equal(decodeCode('discReason', 9999), undefined);
  assert.equal(decodeCode('tlsAlert', 41.5), undefined);
  for (const v of ['', 'abc xyz', '0x', '12.5', 'ghij', '--5', '0x1G']) assert.equal(parseCode(v), undefined, v);
  assert.equal(parseCode(Number.NaN), undefined);
  assert.deepEqual(findCode('nonsense'), []);
});

test('findCode searches every table, most-pasted tables first', () => {
  const seven = findCode('0x7').map((e) => e.table);
  assert.deepEqual(seven.slice(0, 2), ['extendedReason', 'errorInfo']);
  assert.ok(seven.includes('lsm40'));
  const d = findCode('2308');
  assert.equal(d[0]?.table, 'discReason');
  assert.ok(d.some((e) => e.table === 'failureReason'));
  assert.deepEqual(findCode('0xC000006D').map((e) => e.table), ['ntstatus']);
});

function termddBlob(errorCode: number, finalStatus: number, dump: number[]): string {
  const b = new Uint8Array(40 + dump.length);
  const dv = new DataView(b.buffer);
  dv.setUint16(2, dump.length, true);
  dv.setUint32(12, errorCode, true);
  dv.setUint32(20, finalStatus, true);
  b.set(dump, 40);
  return Buffer.from(b).toString('hex').toUpperCase();
}

test('TermDD binary: the AskPerf DumpData 840100D0 reads as STATUS_INVALID_DEVICE_STATE', () => {
  const d = decodeTermddBinary(termddBlob(0xc00a0038, 0xc00a0038, [0x84, 0x01, 0x00, 0xd0]))!;
  assert.equal(d.errorCode, 0xc00a0038);
  assert.equal(d.dumpStatusRaw, 0xd0000184);
  assert.equal(d.dumpStatus, 0xc0000184);
  assert.equal(lookupStatus(d.dumpStatus!)?.name, 'STATUS_INVALID_DEVICE_STATE');
});

test('TermDD binary: real 56 and 50 samples; garbage is refused', () => {
  const s56 = decodeTermddBinary('00050600010000000000000038000AC00000000039000AC00000000000000000000000000000000030030980')!;
  assert.equal(s56.finalStatus, 0xc00a0039);
  assert.equal(s56.dumpStatus, 0x80090330);
  assert.equal(s56.tlsHandshakeInDump, false);
  const s50 = decodeTermddBinary('00000B00020034000000000032000AC00000000032000AC0000000000000000000000000000000000B00000016030100C30100')!;
  assert.equal(s50.errorCode, 0xc00a0032);
  assert.equal(s50.numberOfStrings, 2);
  assert.equal(s50.dumpData, '0B00000016030100C30100');
  assert.equal(s50.tlsHandshakeInDump, true);
  assert.equal(s50.dumpStatus, null);
  assert.equal(decodeTermddBinary('00FF'), undefined);
  assert.equal(decodeTermddBinary('ZZ'.repeat(50)), undefined);
  assert.equal(decodeTermddBinary('0'.repeat(81)), undefined);
});
