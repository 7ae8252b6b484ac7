/**
 * MS-RDPBCGR errorInfo codes (Set Error Info PDU, server → client). RdpCoreTS 72 logs them as
 * `SetErrorInfo(0xN)`; the client shows them as the extended disconnect reason.
 */
import type { CodeEntry, PatternId } from '../types.js';
import { rows, type Row } from './entry.js';

const SRC = 'MS-BCGR-ERRINFO; FreeRDP error.h';

function protocol(code: number, name: string, what: string): Row {
  return [code, name, `RDP protocol error: ${what}. The server log holds the detail.`];
}

const securityTooShort: Row[] = [];
for (let i = 2; i <= 23; i++) {
  securityTooShort.push(protocol(0x1110 + i - 1, `ERRINFO_SECURITY_DATA_TOO_SHORT${i}`, 'security data too short'));
}

const LIC: PatternId[] = ['licensing'];
const CB: PatternId[] = ['broker'];

export const ERROR_INFOS: CodeEntry[] = [
  ...rows('errorInfo', SRC, 'MS', [
    [0x0, 'ERRINFO_SUCCESS', 'No error information.', ['normal-disconnect']],
    [0x1, 'ERRINFO_RPC_INITIATED_DISCONNECT', 'An administrative tool on the server disconnected the session.', ['normal-disconnect']],
    [0x2, 'ERRINFO_RPC_INITIATED_LOGOFF', 'An administrative tool on the server logged the session off.', ['normal-disconnect']],
    [0x3, 'ERRINFO_IDLE_TIMEOUT', 'The idle session time limit elapsed.', ['normal-disconnect']],
    [0x4, 'ERRINFO_LOGON_TIMEOUT', 'The active session time limit elapsed.', ['normal-disconnect']],
    [0x5, 'ERRINFO_DISCONNECTED_BY_OTHER_CONNECTION', 'Another connection took over the session.', ['normal-disconnect']],
    [0x6, 'ERRINFO_OUT_OF_MEMORY', 'The server ran out of memory.'],
    [0x7, 'ERRINFO_SERVER_DENIED_CONNECTION', 'The server denied the connection.', ['server-denied']],
    [0x9, 'ERRINFO_SERVER_INSUFFICIENT_PRIVILEGES', 'The user may not log on to the server remotely.', ['account-state']],
    [0xa, 'ERRINFO_SERVER_FRESH_CREDENTIALS_REQUIRED', 'The server requires freshly typed credentials.', ['nla-failure']],
    [0xb, 'ERRINFO_RPC_INITIATED_DISCONNECT_BY_USER', 'The user disconnected the session on the server.', ['normal-disconnect']],
    [0xc, 'ERRINFO_LOGOFF_BY_USER', 'The user logged off.', ['normal-disconnect']],
    [0xf, 'ERRINFO_CLOSE_STACK_ON_DRIVER_NOT_READY', 'The display driver was not ready in time.'],
    [0x10, 'ERRINFO_SERVER_DWM_CRASH', 'The Desktop Window Manager crashed on the server.'],
    [0x11, 'ERRINFO_CLOSE_STACK_ON_DRIVER_FAILURE', 'The display driver failed to start.'],
    [0x12, 'ERRINFO_CLOSE_STACK_ON_DRIVER_IFACE_FAILURE', 'The display driver interface failed.'],
    [0x17, 'ERRINFO_SERVER_WINLOGON_CRASH', 'Winlogon crashed on the server.'],
    [0x18, 'ERRINFO_SERVER_CSRSS_CRASH', 'CSRSS crashed on the server.'],
    [0x100, 'ERRINFO_LICENSE_INTERNAL', 'Licensing: internal error on the server.', LIC],
    [0x101, 'ERRINFO_LICENSE_NO_LICENSE_SERVER', 'Licensing: no licence server available.', LIC],
    [0x102, 'ERRINFO_LICENSE_NO_LICENSE', 'Licensing: no licence available for the client.', LIC],
    [0x103, 'ERRINFO_LICENSE_BAD_CLIENT_MSG', 'Licensing: bad message from the client.', LIC],
    [0x104, 'ERRINFO_LICENSE_HWID_DOESNT_MATCH_LICENSE', 'Licensing: hardware id does not match the licence.', LIC],
    [0x105, 'ERRINFO_LICENSE_BAD_CLIENT_LICENSE', 'Licensing: the client licence is not valid.', LIC],
    [0x106, 'ERRINFO_LICENSE_CANT_FINISH_PROTOCOL', 'Licensing: protocol could not finish (network).', LIC],
    [0x107, 'ERRINFO_LICENSE_CLIENT_ENDED_PROTOCOL', 'Licensing: the client ended the protocol.', LIC],
    [0x108, 'ERRINFO_LICENSE_BAD_CLIENT_ENCRYPTION', 'Licensing: bad client encryption.', LIC],
    [0x109, 'ERRINFO_LICENSE_CANT_UPGRADE_LICENSE', 'Licensing: the licence could not be upgraded.', LIC],
    [0x10a, 'ERRINFO_LICENSE_NO_REMOTE_CONNECTIONS', 'Licensing: the server is not licensed for remote connections.', LIC],
    [0x400, 'ERRINFO_CB_DESTINATION_NOT_FOUND', 'Connection Broker: the destination was not found.', CB],
    [0x402, 'ERRINFO_CB_LOADING_DESTINATION', 'Connection Broker: error while loading the destination.', CB],
    [0x404, 'ERRINFO_CB_REDIRECTING_TO_DESTINATION', 'Connection Broker: error while redirecting to the destination.', CB],
    [0x405, 'ERRINFO_CB_SESSION_ONLINE_VM_WAKE', 'Connection Broker: error waking the virtual machine.', CB],
    [0x406, 'ERRINFO_CB_SESSION_ONLINE_VM_BOOT', 'Connection Broker: error booting the virtual machine.', CB],
    [0x407, 'ERRINFO_CB_SESSION_ONLINE_VM_NO_DNS', 'Connection Broker: the virtual machine has no DNS name.', CB],
    [0x408, 'ERRINFO_CB_DESTINATION_POOL_NOT_FREE', 'Connection Broker: no free machine in the pool.', CB],
    [0x409, 'ERRINFO_CB_CONNECTION_CANCELLED', 'Connection Broker: the connection was cancelled.', CB],
    [0x410, 'ERRINFO_CB_CONNECTION_ERROR_INVALID_SETTINGS', 'Connection Broker: the RDP file settings could not be validated.', CB],
    [0x411, 'ERRINFO_CB_SESSION_ONLINE_VM_BOOT_TIMEOUT', 'Connection Broker: the virtual machine boot timed out.', CB],
    [0x412, 'ERRINFO_CB_SESSION_ONLINE_VM_SESSMON_FAILED', 'Connection Broker: session monitoring of the virtual machine failed.', CB],
    protocol(0x10c9, 'ERRINFO_UNKNOWN_DATA_PDU_TYPE', 'unknown data PDU type'),
    protocol(0x10ca, 'ERRINFO_UNKNOWN_PDU_TYPE', 'unknown PDU type'),
    protocol(0x10cb, 'ERRINFO_DATA_PDU_SEQUENCE', 'data PDU out of sequence'),
    protocol(0x10cd, 'ERRINFO_CONTROL_PDU_SEQUENCE', 'control PDU out of sequence'),
    protocol(0x10ce, 'ERRINFO_INVALID_CONTROL_PDU_ACTION', 'invalid control PDU action'),
    protocol(0x10cf, 'ERRINFO_INVALID_INPUT_PDU_TYPE', 'invalid input PDU type'),
    protocol(0x10d0, 'ERRINFO_INVALID_INPUT_PDU_MOUSE', 'invalid mouse input PDU'),
    protocol(0x10d1, 'ERRINFO_INVALID_REFRESH_RECT_PDU', 'invalid refresh-rectangle PDU'),
    protocol(0x10d2, 'ERRINFO_CREATE_USER_DATA_FAILED', 'creating user data failed'),
    protocol(0x10d3, 'ERRINFO_CONNECT_FAILED', 'connect failed'),
    protocol(0x10d4, 'ERRINFO_CONFIRM_ACTIVE_HAS_WRONG_SHAREID', 'Confirm Active PDU with a wrong share id'),
    protocol(0x10d5, 'ERRINFO_CONFIRM_ACTIVE_HAS_WRONG_ORIGINATOR', 'Confirm Active PDU with a wrong originator'),
    protocol(0x10da, 'ERRINFO_PERSISTENT_KEY_PDU_BAD_LENGTH', 'persistent key PDU with a bad length'),
    protocol(0x10db, 'ERRINFO_PERSISTENT_KEY_PDU_ILLEGAL_FIRST', 'illegal first persistent key PDU'),
    protocol(0x10dc, 'ERRINFO_PERSISTENT_KEY_PDU_TOO_MANY_TOTAL_KEYS', 'too many persistent keys in total'),
    protocol(0x10dd, 'ERRINFO_PERSISTENT_KEY_PDU_TOO_MANY_CACHE_KEYS', 'too many persistent cache keys'),
    protocol(0x10de, 'ERRINFO_INPUT_PDU_BAD_LENGTH', 'input PDU with a bad length'),
    protocol(0x10df, 'ERRINFO_BITMAP_CACHE_ERROR_PDU_BAD_LENGTH', 'bitmap cache error PDU with a bad length'),
    protocol(0x10e0, 'ERRINFO_SECURITY_DATA_TOO_SHORT', 'security data too short'),
    protocol(0x10e1, 'ERRINFO_VCHANNEL_DATA_TOO_SHORT', 'virtual channel data too short'),
    protocol(0x10e2, 'ERRINFO_SHARE_DATA_TOO_SHORT', 'share data too short'),
    protocol(0x10e3, 'ERRINFO_BAD_SUPPRESS_OUTPUT_PDU', 'bad Suppress Output PDU'),
    protocol(0x10e5, 'ERRINFO_CONFIRM_ACTIVE_PDU_TOO_SHORT', 'Confirm Active PDU too short'),
    protocol(0x10e7, 'ERRINFO_CAPABILITY_SET_TOO_SMALL', 'capability set too small'),
    protocol(0x10e8, 'ERRINFO_CAPABILITY_SET_TOO_LARGE', 'capability set too large'),
    protocol(0x10e9, 'ERRINFO_NO_CURSOR_CACHE', 'no cursor cache'),
    protocol(0x10ea, 'ERRINFO_BAD_CAPABILITIES', 'bad capabilities'),
    protocol(0x10ec, 'ERRINFO_VIRTUAL_CHANNEL_DECOMPRESSION', 'virtual channel decompression error'),
    protocol(0x10ed, 'ERRINFO_INVALID_VC_COMPRESSION_TYPE', 'invalid virtual channel compression type'),
    protocol(0x10ef, 'ERRINFO_INVALID_CHANNEL_ID', 'invalid channel id'),
    protocol(0x10f0, 'ERRINFO_VCHANNELS_TOO_MANY', 'too many virtual channels'),
    protocol(0x10f3, 'ERRINFO_REMOTEAPP_NOT_ENABLED', 'RemoteApp is not enabled on the server'),
    protocol(0x10f4, 'ERRINFO_CACHE_CAP_NOT_SET', 'cache capability not set'),
    protocol(0x10f5, 'ERRINFO_BITMAP_CACHE_ERROR_PDU_BAD_LENGTH2', 'bitmap cache error PDU with a bad length'),
    protocol(0x10f6, 'ERRINFO_OFFSCREEN_CACHE_ERROR_PDU_BAD_LENGTH', 'offscreen cache error PDU with a bad length'),
    protocol(0x10f7, 'ERRINFO_DRAWNINEGRID_CACHE_ERROR_PDU_BAD_LENGTH', 'DrawNineGrid cache error PDU with a bad length'),
    protocol(0x10f8, 'ERRINFO_GDIPLUS_PDU_BAD_LENGTH', 'GDI+ PDU with a bad length'),
    ...securityTooShort,
    protocol(0x1129, 'ERRINFO_BAD_MONITOR_DATA', 'bad monitor data'),
    protocol(0x112a, 'ERRINFO_VC_DECOMPRESSED_REASSEMBLE_FAILED', 'reassembling a decompressed virtual channel PDU failed'),
    protocol(0x112b, 'ERRINFO_VC_DATA_TOO_LONG', 'virtual channel data too long'),
    protocol(0x112c, 'ERRINFO_BAD_FRAME_ACK_DATA', 'bad frame acknowledgement data'),
    protocol(0x112d, 'ERRINFO_GRAPHICS_MODE_NOT_SUPPORTED', 'graphics mode not supported'),
    protocol(0x112e, 'ERRINFO_GRAPHICS_SUBSYSTEM_RESET_FAILED', 'graphics subsystem reset failed'),
    protocol(0x112f, 'ERRINFO_GRAPHICS_SUBSYSTEM_FAILED', 'graphics subsystem failed'),
    protocol(0x1130, 'ERRINFO_TIMEZONE_KEY_NAME_LENGTH_TOO_SHORT', 'time-zone key name too short'),
    protocol(0x1131, 'ERRINFO_TIMEZONE_KEY_NAME_LENGTH_TOO_LONG', 'time-zone key name too long'),
    protocol(0x1132, 'ERRINFO_DYNAMIC_DST_DISABLED_FIELD_MISSING', 'dynamic DST field missing'),
    protocol(0x1133, 'ERRINFO_VC_DECODING_ERROR', 'virtual channel decoding error'),
    protocol(0x1134, 'ERRINFO_VIRTUALDESKTOPTOOLARGE', 'virtual desktop too large'),
    protocol(0x1135, 'ERRINFO_MONITORGEOMETRYVALIDATIONFAILED', 'monitor geometry validation failed'),
    protocol(0x1136, 'ERRINFO_INVALIDMONITORCOUNT', 'invalid monitor count'),
    [0x1191, 'ERRINFO_UPDATE_SESSION_KEY_FAILED', 'Updating the legacy RDP session key failed.', ['fips-encryption']],
    [0x1192, 'ERRINFO_DECRYPT_FAILED', 'Decrypting (legacy RDP security) failed.', ['fips-encryption']],
    [0x1193, 'ERRINFO_ENCRYPT_FAILED', 'Encrypting (legacy RDP security) failed.', ['fips-encryption']],
    [0x1194, 'ERRINFO_ENCRYPTION_PACKAGE_MISMATCH', 'Encryption package mismatch between client and server.', ['fips-encryption', 'tls-mismatch']],
    [0x1195, 'ERRINFO_DECRYPT_FAILED2', 'Decrypting (legacy RDP security) failed.', ['fips-encryption']],
    [0x1196, 'ERRINFO_PEER_DISCONNECTED', 'The peer disconnected.', ['network-drop']],
  ]),
];
