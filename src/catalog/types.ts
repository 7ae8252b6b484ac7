/**
 * Shared vocabulary of the catalog: how sure we are of a fact, and which code table a value is
 * decoded with. Kept apart from the data so the event catalog and the code tables can both use it.
 */

/**
 * How a fact is known (the tags of the RDP signatures reference, §0):
 * MS = Microsoft documentation or protocol spec; MAN = provider manifest dump;
 * TOOL = a maintained DFIR tool's map or rule; SAMPLE = seen in a real record;
 * INF = inferred from the above; UNC = unconfirmed, shown but never relied on alone.
 */
export type Confidence = 'MS' | 'MAN' | 'TOOL' | 'SAMPLE' | 'INF' | 'UNC';

/** Every code table the catalog knows. */
export type CodeTableId =
  | 'discReason'      // client disconnect reason (mstsc dialog "Error code", RDPClient 1026 Value)
  | 'extendedReason'  // ExtendedDisconnectReason (mstsc dialog "Extended error code")
  | 'errorInfo'       // MS-RDPBCGR Set Error Info PDU (RdpCoreTS 72 SetErrorInfo(0xN))
  | 'rdpNegFailure'   // RDP_NEG_FAILURE in the X.224 Connection Confirm
  | 'lsm40'           // LocalSessionManager 40 Reason
  | 'rdpcorets103'    // RdpCoreTS 103 ReasonCode (observed values only)
  | 'win32'           // Win32 errors and HRESULTs of RdpCoreTS 142/143/226/227
  | 'ntstatus'        // NTSTATUS (4625/4776 Status/SubStatus, TermDD DumpData)
  | 'sspi'            // SEC_E_* / CERT_E_* (Schannel ErrorCode, RdpCoreTS 139 ResultCode)
  | 'tlsAlert'        // TLS alert description (Schannel 36887/36888 AlertDesc)
  | 'schannelState'   // Schannel internal error state (36870 ErrorStatus, 36871/36888 ErrorState)
  | 'logonType'       // Security 4624/4625 LogonType
  | 'failureReason'   // Security 4625 FailureReason %%23xx insertion strings
  | 'termddBinary';   // TermDD 50/56 <Binary> IO_ERROR_LOG_PACKET (decoded by a function, not a table)

/** Public failure-pattern ids (reference §6 P1–P15); other parts of the tool key on these strings. */
export type PatternId =
  | 'cert-expired'
  | 'cert-private-key'
  | 'cert-misconfigured'
  | 'tls-mismatch'
  | 'fips-encryption'
  | 'credssp-oracle'
  | 'nla-failure'
  | 'account-state'
  | 'network-drop'
  | 'unreachable'
  | 'licensing'
  | 'scanner-noise'
  | 'normal-disconnect'
  | 'server-denied'
  | 'broker';

export const PATTERN_IDS: readonly PatternId[] = [
  'cert-expired', 'cert-private-key', 'cert-misconfigured', 'tls-mismatch', 'fips-encryption',
  'credssp-oracle', 'nla-failure', 'account-state', 'network-drop', 'unreachable', 'licensing',
  'scanner-noise', 'normal-disconnect', 'server-denied', 'broker',
];

export interface CodeEntry {
  table: CodeTableId;
  code: number;
  /** canonical hex, upper-case digits: 0x904, 0xC000006D */
  hex: string;
  /** documented identifier when there is one (disconnectReasonAtClientWinsockFDCLOSE), else a short name */
  name: string;
  /** what it means, in plain words */
  description: string;
  /** short source key(s) from the reference */
  source: string;
  confidence: Confidence;
  /** failure patterns this code can point to, most likely first */
  patterns?: PatternId[];
}
