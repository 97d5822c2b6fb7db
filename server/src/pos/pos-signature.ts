import { hmacSha256Hex, sha256Hex } from '../common/crypto';

export const MAX_CLOCK_SKEW_SECONDS = 300;

/** The string a POS signs: METHOD\nPATH\nTIMESTAMP\nNONCE\nSHA256_HEX(BODY). PATH includes any query string. */
export function stringToSign(
  method: string,
  path: string,
  timestamp: string,
  nonce: string,
  body: string | Buffer,
): string {
  return `${method.toUpperCase()}\n${path}\n${timestamp}\n${nonce}\n${sha256Hex(body)}`;
}

export function signPosRequest(
  secret: string,
  method: string,
  path: string,
  timestamp: string,
  nonce: string,
  body: string | Buffer,
): string {
  return hmacSha256Hex(secret, stringToSign(method, path, timestamp, nonce, body));
}
