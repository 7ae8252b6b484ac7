import { test } from 'node:test';
import assert from 'node:assert/strict';
import { normalizeAddress } from '../src/normalize/address.js';
import { normalizeUser, sameUser } from '../src/normalize/user.js';

test('address: RdpCoreTS 131 TCP ip:port and UDP [ip] / [ip]:port', () => {
  assert.deepEqual(normalizeAddress('10.0.2.17:57064'), { ip: '10.0.2.17', port: 57064, zone: null, kind: 'ipv4', display: '10.0.2.17', key: '10.0.2.17' });
  assert.equal(normalizeAddress('[10.0.2.17]').ip, '10.0.2.17');
  assert.equal(normalizeAddress('[10.0.2.17]').port, null);
  const udp = normalizeAddress('[10.0.2.17]:3389');
  assert.equal(udp.key, '10.0.2.17');
  assert.equal(udp.port, 3389);
});

test('address: IPv6 with zone id, bracketed IPv6 with port, canonical compression', () => {
  const z = normalizeAddress('FE80:0:0:0:0200:5EFF:FE00:5301%10');
  assert.equal(z.ip, 'fe80::200:5eff:fe00:5301');
  assert.equal(z.zone, '10');
  assert.equal(z.display, 'fe80::200:5eff:fe00:5301%10');
  assert.equal(z.kind, 'ipv6');
  const b = normalizeAddress('[2001:db8::1]:51234');
  assert.deepEqual([b.ip, b.port, b.kind], ['2001:db8::1', 51234, 'ipv6']);
  assert.equal(normalizeAddress('2001:0db8:0000:0000:0001:0000:0000:0001').ip, '2001:db8::1:0:0:1');
});

test('address: IPv4-mapped IPv6 becomes the IPv4 peer', () => {
  assert.equal(normalizeAddress('::ffff:192.168.38.1').key, '192.168.38.1');
  assert.equal(normalizeAddress('::FFFF:c0a8:2601').key, '192.168.38.1');
  assert.equal(normalizeAddress('[::ffff:10.0.0.5]:3389').port, 3389);
});

test('address: LOCAL, -, empty, unspecified, loopback, odd values', () => {
  assert.equal(normalizeAddress('LOCAL').kind, 'local');
  assert.equal(normalizeAddress('LOCAL').key, null);
  assert.equal(normalizeAddress('-').kind, 'none');
  assert.equal(normalizeAddress('').kind, 'none');
  assert.equal(normalizeAddress(undefined).kind, 'none');
  assert.equal(normalizeAddress('0.0.0.0').kind, 'unspecified');
  assert.equal(normalizeAddress('0.0.0.0').key, null);
  assert.equal(normalizeAddress('::').kind, 'unspecified');
  assert.equal(normalizeAddress('127.0.0.1').kind, 'loopback');
  assert.equal(normalizeAddress('127.0.0.1').key, '127.0.0.1');
  assert.equal(normalizeAddress('::1').kind, 'loopback');
  assert.equal(normalizeAddress('16777216').kind, 'other');
  assert.equal(normalizeAddress('16777216').key, null);
  assert.equal(normalizeAddress('1.2.3.999').kind, 'other');
});

test('address: separate port field (Security IpPort), 0 means unknown', () => {
  assert.equal(normalizeAddress('10.23.23.9', '0').port, null);
  assert.equal(normalizeAddress('127.0.0.1', '49164').port, 49164);
});

test('user: DOMAIN\\user, user@domain, separate domain, NetBIOS cut to 15', () => {
  const a = normalizeUser('WIN-QW3OXGRISMS\\Administrator');
  assert.deepEqual(a, { display: 'WIN-QW3OXGRISMS\\Administrator', name: 'administrator', domain: 'win-qw3oxgrisms', key: 'win-qw3oxgrisms\\administrator' });
  const b = normalizeUser('mpowers', 'MAGNETIC-DESKTOP-XYZ');
  assert.equal(b?.domain, 'magnetic-deskto');
  assert.ok(sameUser(b, normalizeUser('mpowers', 'MAGNETIC-DESKTO')));
  const upn = normalizeUser('Alice@corp.example.com');
  assert.deepEqual([upn?.name, upn?.domain, upn?.key], ['alice', 'corp', 'corp\\alice']);
  assert.ok(sameUser(upn, normalizeUser('CORP\\alice')));
  assert.equal(normalizeUser('-', '-'), null);
  assert.equal(normalizeUser(''), null);
  const bare = normalizeUser('A', '');
  assert.deepEqual([bare?.key, bare?.domain, bare?.display], ['a', null, 'A']);
  assert.ok(sameUser(bare, normalizeUser('X\\a')));
  assert.ok(!sameUser(normalizeUser('X\\a'), normalizeUser('Y\\a')));
});
