import { describe, expect, it } from 'vitest';
import { redact, redactFields, redactUrl, redactUrlInput } from '../../../src/core/redact.js';

describe('redactUrlInput: one URL-like value, parsed or not', () => {
  it.each([
    ['amqp://bob:S3cr3tPw@127.0.0.1:5672', 'amqp://bob:***@127.0.0.1:5672'],
    ['amqp:bob:S3cr3tPw@127.0.0.1:5672', 'amqp:bob:***@127.0.0.1:5672'],
    ['amqp//bob:pw@h', 'amqp//bob:***@h'],
    ['amqps:/bob:pw@h', 'amqps:/bob:***@h'],
    ['amqp:///bob:pw@h', 'amqp:///bob:***@h'],
    ['bob:pw@host', 'bob:***@host'],
    ['amqp:pw@host', 'amqp:***@host'],
    ['amqp://bob:p@ss:w rd/x@host:1/v', 'amqp://bob:***@host:1/v'],
    ['amqp://:pw@h', 'amqp://:***@h'],
    ['http://admin:pw@h:15672', 'http://admin:***@h:15672'],
    ['amqp://bob@host:5672', 'amqp://bob@host:5672'],
    ['amqp://host:5672/v', 'amqp://host:5672/v'],
    ['bob@host', 'bob@host'],
  ])('%s → %s', (text, expected) => expect(redactUrlInput(text)).toBe(expected));
});

describe('redactUrl: URLs inside free text', () => {
  it.each([
    ['--url has no host: amqp:bob:S3cr3tPw@…', '--url has no host: amqp:bob:***@…'],
    ["cannot use 'amqp//bob:pw@h' here", "cannot use 'amqp//bob:***@h' here"],
    ['at file:///w/node_modules/@scope/p/x.js:1:2', 'at file:///w/node_modules/@scope/p/x.js:1:2'],
    ['at (/w/node_modules/@scope/p/x.js:1:2)', 'at (/w/node_modules/@scope/p/x.js:1:2)'],
    ["user 'guesty' at 127.0.0.1:5672", "user 'guesty' at 127.0.0.1:5672"],
    ["queue 'a:b@c' does not exist", "queue 'a:b@c' does not exist"],
    ['see amqp:bob:pw@h, http://u:p@h:15672/api', 'see amqp:bob:***@h, http://u:***@h:15672/api'],
  ])('%s', (text, expected) => expect(redactUrl(text)).toBe(expected));
});

describe('redactFields: values of password fields', () => {
  it.each([
    ['  2 | password: "p@ss:wörd', '  2 | password: ***'],
    ['{"user":"bob","password":"x\\"y","vhost":"/"}', '{"user":"bob","password":***,"vhost":"/"}'],
    ['Unexpected token, "{"password": "abc... is not valid JSON', 'Unexpected token, "{"password": ***'],
    ['MQ_PASSWORD=hunter2 MQ_USER=bob', 'MQ_PASSWORD=*** MQ_USER=bob'],
    ['tls:\n  passphrase: key-secret', 'tls:\n  passphrase: ***'],
    ["password: 'single quoted'", 'password: ***'],
    ['passwordEnv: MY_SECRET', 'passwordEnv: MY_SECRET'],
    ['passwordCommand: pass show rabbit', 'passwordCommand: pass show rabbit'],
    ['--password-stdin takes stdin for the password; give the messages', '--password-stdin takes stdin for the password; give the messages'],
  ])('%j', (text, expected) => expect(redactFields(text)).toBe(expected));
});

describe('redact: no password stands in for a user name', () => {
  it.each([
    ["cannot open vhost 'v' at h:1: it does not exist, or user 'guest' may not use it"],
    ["cannot open vhost 'v' at h:1: it does not exist, or user 'guesty' may not use it"],
    ["login refused for user 'p@ss' at h:1 (ACCESS_REFUSED)"],
  ])('%s stays as it is', (text) => expect(redact(text)).toBe(text));
});

describe('redactUrl in a text', () => {
  it.each([
    ['amqp://bob:secret@h:5672/v', 'amqp://bob:***@h:5672/v'],
    ['see amqps://a:b%40c@h and amqp://x@h', 'see amqps://a:***@h and amqp://x@h'],
    ['no url here', 'no url here'],
  ])('%s', (text, expected) => expect(redactUrl(text)).toBe(expected));
});
