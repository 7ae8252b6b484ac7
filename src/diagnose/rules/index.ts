/**
 * Every rule. Failure patterns in reference order (P1–P15), then the security lens. Adding a
 * pattern: a new file here and one line below; the engine and the generic rule test pick it up.
 */
import type { Rule } from '../types.js';
import { certExpired } from './cert-expired.js';
import { certPrivateKey } from './cert-private-key.js';
import { certMisconfigured } from './cert-misconfigured.js';
import { tlsMismatch } from './tls-mismatch.js';
import { fipsEncryption } from './fips-encryption.js';
import { credsspOracle } from './credssp-oracle.js';
import { nlaFailure } from './nla-failure.js';
import { accountState } from './account-state.js';
import { networkDrop } from './network-drop.js';
import { unreachable } from './unreachable.js';
import { licensing } from './licensing.js';
import { scannerNoise } from './scanner-noise.js';
import { normalDisconnect } from './normal-disconnect.js';
import { serverDenied } from './server-denied.js';
import { broker } from './broker.js';
import { bruteForce } from './brute-force.js';
import { bruteForceSuccess } from './brute-force-success.js';
import { passwordSpray } from './password-spray.js';
import { rdpSweep } from './rdp-sweep.js';
import { sessionHijack } from './session-hijack.js';
import { lateralMovement } from './lateral-movement.js';
import { rdpTunnel } from './rdp-tunnel.js';
import { exposedRdp } from './exposed-rdp.js';

export const FAILURE_RULES: readonly Rule[] = [
  certExpired, certPrivateKey, certMisconfigured, tlsMismatch, fipsEncryption, credsspOracle, nlaFailure,
  accountState, networkDrop, unreachable, licensing, scannerNoise, normalDisconnect, serverDenied, broker,
];

export const SECURITY_RULES: readonly Rule[] = [
  bruteForce, bruteForceSuccess, passwordSpray, rdpSweep, sessionHijack, lateralMovement, rdpTunnel, exposedRdp,
];

export const RULES: readonly Rule[] = [...FAILURE_RULES, ...SECURITY_RULES];
