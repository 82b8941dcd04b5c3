import { BrokerError, type CliError, ConfigError } from '../errors.js';
import { codeOf, messageOf, type Target, whereOf } from './error-text.js';

const UNTRUSTED = new Set([
  'SELF_SIGNED_CERT_IN_CHAIN',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'CERT_SIGNATURE_FAILURE',
]);

/** TLS failures, in plain words: who is not trusted, which names differ, which side refused. */
export function tlsError(error: unknown, target: Target): CliError | undefined {
  const where = whereOf(target);
  const code = codeOf(error) ?? '';
  const message = messageOf(error);
  const options = { cause: error };
  if (UNTRUSTED.has(code)) {
    return new BrokerError(`the certificate of ${where} is not signed by a CA mqcli trusts (${code})`, {
      ...options,
      hint: "Pass the broker's CA certificate with --ca <file> (tls.ca in the rc file); --insecure skips the check, for tests only",
    });
  }
  if (code === 'ERR_TLS_CERT_ALTNAME_INVALID') {
    const names = (error as { cert?: { subjectaltname?: string } }).cert?.subjectaltname ?? 'other names';
    const expected = target.servername ?? target.host;
    return new BrokerError(`the certificate of ${where} is for ${names}, not for ${expected}`, {
      ...options,
      hint: 'Connect with a name the certificate has, or give it with --servername <name>',
    });
  }
  if (code === 'CERT_HAS_EXPIRED' || code === 'CERT_NOT_YET_VALID') {
    return new BrokerError(`the certificate of ${where} ${code === 'CERT_HAS_EXPIRED' ? 'has expired' : 'is not valid yet'}`, {
      ...options,
      hint: "Renew the broker's certificate (or check this machine's clock); --insecure skips the check, for tests only",
    });
  }
  if (/wrong version number|packet length too long|unknown protocol/i.test(message)) {
    return new BrokerError(`${where} does not speak TLS`, {
      ...options,
      hint: 'Is that the plain AMQP port? Use amqp:// there, or the TLS port (usually 5671) with amqps://',
    });
  }
  if (/CERTIFICATE_REQUIRED|certificate required/i.test(code + message)) {
    return new BrokerError(`${where} wants a client certificate`, { ...options, hint: 'Give it with --cert <file> and --key <file>' });
  }
  if (/ALERT_(BAD_CERTIFICATE|UNKNOWN_CA|CERTIFICATE_UNKNOWN|DECRYPT_ERROR)/.test(code)) {
    return new BrokerError(`${where} did not accept the client certificate (${code.replace(/^ERR_SSL_(TLSV1|SSLV3|TLSV13)_ALERT_/, '')})`, {
      ...options,
      hint: 'The certificate must be signed by a CA the broker trusts',
    });
  }
  if (code === 'ERR_OSSL_BAD_DECRYPT' || /bad decrypt/i.test(message)) {
    return new ConfigError('cannot decrypt the private key: wrong passphrase', {
      ...options,
      hint: 'Give it with --passphrase or MQ_KEY_PASSPHRASE (tls.passphrase in the rc file)',
    });
  }
  if (/^ERR_OSSL_|PEM|no start line|unsupported/i.test(code) && /key|cert|PEM/i.test(message)) {
    return new ConfigError(`cannot use the TLS files: ${message}`, { ...options, hint: 'Check that --ca, --cert and --key are PEM files' });
  }
  return undefined;
}
