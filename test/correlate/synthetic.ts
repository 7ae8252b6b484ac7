// A large, realistic-shaped event stream for one host: successful sessions, NLA failures and scanner
// probes from many addresses, overlapping in time. Used to check that correlation scales linearly.
import { EventLog, successfulConnection } from './events.js';

export function syntheticHost(host: string, targetEvents: number): EventLog {
  const log = new EventLog(host);
  let at = 0;
  for (let i = 0; log.events.length < targetEvents; i++) {
    const ip = `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`;
    const act = `a-${i}`;
    const kind = i % 10;
    at += 0.7; // a new connection every 0.7 s; sessions last minutes, so many overlap
    if (kind < 3) {
      successfulConnection(log, at, { ip, port: 40000 + (i % 20000), act, udpAct: `u-${i}`, conn: `RDP-Tcp#${i}`, session: 2 + (i % 500), user: `user${i % 300}`, domain: 'CORP', logonId: `0x${(0x10000 + i).toString(16)}` });
      log.add('core', 72, at + 300, { MethodName: 'SetErrorInfo(0xb)' }, act);
      log.add('core', 103, at + 300.1, { ReasonCode: '11' }, act);
      log.add('lsm', 24, at + 300.2, { User: `CORP\\user${i % 300}`, SessionID: String(2 + (i % 500)), Address: ip });
      log.add('lsm', 40, at + 300.3, { Session: String(2 + (i % 500)), Reason: '11' });
    } else if (kind < 6) {
      log.add('core', 131, at, { ConnType: 'TCP', ClientIP: `${ip}:5000` }, act);
      log.add('core', 65, at + 0.01, { ConnectionName: `RDP-Tcp#${i}` }, act);
      log.add('sec', 4625, at + 1, { TargetUserName: 'administrator', TargetDomainName: '', LogonType: '3', IpAddress: ip, IpPort: '0', Status: '0xc000006d' });
      log.add('core', 140, at + 1.1, { IPString: ip }, act);
      log.add('core', 143, at + 2, { error: '64' }, act);
      log.add('core', 103, at + 2.1, { ReasonCode: '14' }, act);
    } else {
      log.add('core', 131, at, { ConnType: 'TCP', ClientIP: `${ip}:6000` }, act);
      log.add('core', 65, at + 0.01, { ConnectionName: `RDP-Tcp#${i}` }, act);
      log.add('core', 72, at + 0.02, { MethodName: 'PrepareForAccept' }, act);
      log.add('core', 143, at + 6, { error: '64' }, act);
      log.add('core', 72, at + 6.01, { MethodName: 'OnDisconnected' }, act);
      log.add('core', 103, at + 6.02, { ReasonCode: '14' }, act);
      if (kind === 9) log.add('schannel', 36888, at + 0.5, { AlertDesc: '40', ErrorState: '1205' });
    }
  }
  return log;
}
