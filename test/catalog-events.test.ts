import { test } from 'node:test';
import assert from 'node:assert/strict';
import { EVENT_DEFS, lookupEvent, isRelevant, CHANNEL, PROVIDER, CODE_TABLES, CATALOG_CHANNELS } from '../src/catalog/index.js';

const STAGES = new Set(['S0', 'S1', 'S2', 'S3', 'S4', 'S5', 'S6', 'S7', 'S8', 'S9', 'S10', 'S11']);
const CONF = new Set(['MS', 'MAN', 'TOOL', 'SAMPLE', 'INF', 'UNC']);

test('provider + id is the key: TermDD 50 is known, Time-Service 50 is not', () => {
  const termdd = lookupEvent('TermDD', 50);
  assert.equal(termdd?.channel, 'System');
  assert.equal(termdd?.stage, 'S2');
  assert.equal(lookupEvent('Microsoft-Windows-Time-Service', 50), undefined);
  assert.equal(isRelevant('Microsoft-Windows-Time-Service', 50), false);
  assert.equal(isRelevant('termdd', 50), true);
});

test('RDPClient 1102 is multi-transport, "audit log cleared" 1102 is not in the catalog', () => {
  assert.match(lookupEvent(PROVIDER.rdpClient, 1102)!.title, /multi-transport/i);
  assert.equal(lookupEvent('Microsoft-Windows-Eventlog', 1102), undefined);
  assert.equal(lookupEvent(PROVIDER.security, 1102), undefined);
});

test('provider names compare case-insensitively and trimmed', () => {
  assert.equal(lookupEvent('microsoft-windows-remotedesktopservices-rdpcorets', 131)?.fields?.clientAddress, 'ClientIP');
  assert.equal(lookupEvent(' SCHANNEL ', 36888)?.decode?.AlertDesc, 'tlsAlert');
});

test('RCM classic certificate events are found under the RCM provider and the legacy TermService source', () => {
  const a = lookupEvent(PROVIDER.rcm, 1058, 'System');
  const b = lookupEvent('TermService', 1058);
  assert.equal(a?.family, 'certificate');
  assert.equal(a, b);
});

test('every definition is found again by its own provider, id and channel (no ambiguous entries)', () => {
  for (const d of EVENT_DEFS) {
    assert.equal(lookupEvent(d.provider, d.eventId, d.channel), d, `${d.provider} ${d.eventId} ${d.channel}`);
  }
  const keys = EVENT_DEFS.map((d) => `${d.channel}|${d.provider.toLowerCase()}|${d.eventId}`);
  assert.equal(new Set(keys).size, keys.length, 'duplicate channel+provider+id');
});

test('channel picks the right definition when a provider logs one id to several channels', () => {
  // RdpCoreTS 138 is an Admin-channel event; asking with the Operational channel still finds it
  assert.equal(lookupEvent(PROVIDER.rdpCoreTs, 138, CHANNEL.rdpCoreTs)?.channel, CHANNEL.rdpCoreTsAdmin);
  assert.equal(lookupEvent(PROVIDER.rcm, 261, CHANNEL.rcmOperational)?.channel, CHANNEL.rcmOperational);
});

test('every definition carries a source, a confidence tag, a valid stage and existing code tables', () => {
  assert.ok(EVENT_DEFS.length > 120, `only ${EVENT_DEFS.length} events`);
  for (const d of EVENT_DEFS) {
    const id = `${d.provider} ${d.eventId}`;
    assert.ok(d.source.trim().length > 0, id);
    assert.ok(CONF.has(d.confidence), id);
    assert.ok(d.stage === null || STAGES.has(d.stage), id);
    assert.ok(d.title.length > 5, id);
    for (const table of Object.values(d.decode ?? {})) assert.ok(table in CODE_TABLES, `${id} decodes with unknown table ${table}`);
    for (const name of Object.values(d.fields ?? {})) assert.ok(name && name.length > 0, id);
  }
});

test('the events the correlator keys on carry their field roles', () => {
  assert.deepEqual(lookupEvent(PROVIDER.lsm, 21)?.fields, { user: 'User', sessionId: 'SessionID', clientAddress: 'Address' });
  assert.equal(lookupEvent(PROVIDER.rdpCoreTs, 65)?.fields?.connectionName, 'ConnectionName');
  assert.equal(lookupEvent(PROVIDER.security, 4778)?.fields?.connectionName, 'SessionName');
  assert.equal(lookupEvent(PROVIDER.security, 4624)?.fields?.logonId, 'TargetLogonId');
  assert.equal(lookupEvent(PROVIDER.rcm, 1149)?.fields?.clientAddress, 'Param3');
  assert.equal(lookupEvent(PROVIDER.termdd, 56)?.fields?.clientAddress, 'Data[2]');
  assert.equal(lookupEvent(PROVIDER.rdpClient, 1026)?.decode?.Value, 'discReason');
  assert.equal(lookupEvent(PROVIDER.lsm, 40)?.decode?.Reason, 'lsm40');
  assert.equal(lookupEvent(PROVIDER.lsaSrv, 6041)?.side, 'client');
});

test('catalog channels include every log an RDP diagnosis needs', () => {
  for (const c of [CHANNEL.lsm, CHANNEL.rcmOperational, CHANNEL.rdpCoreTs, CHANNEL.rdpClient, 'System', 'Security']) {
    assert.ok(CATALOG_CHANNELS.includes(c), c);
  }
});
