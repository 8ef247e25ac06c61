/* test-webchat-widget.js — the web chat widget in a small fake browser
 *
 * Copyright 2026 The Terra developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Runs resources/webchat/widget.js (argument 1) under Node with a minimal
 * DOM, localStorage, timers and a scripted WebSocket, and checks what a
 * visitor would: the button, the panel, their history, text from the
 * network shown as text (the fake DOM throws on innerHTML), the reply
 * streamed into one bubble, acknowledgements, reconnection with backoff,
 * a refused token, and the keyboard. Prints TAP.
 */
'use strict';

const fs = require ('fs');
const vm = require ('vm');
const assert = require ('assert');
const { webcrypto } = require ('crypto');

const source = fs.readFileSync (process.argv[2], 'utf8');

class FakeNode {
  constructor (tag) {
    this.tagName = tag;
    this.children = [];
    this.attributes = {};
    this.listeners = {};
    this.className = '';
    this.hidden = false;
    this.dataset = {};
    this.style = { props: {}, setProperty (k, v) { this.props[k] = v; } };
    this.parentNode = null;
    this.text = '';
    this.value = '';
    this.scrollTop = 0;
    this.scrollHeight = 100;
  }
  appendChild (child) { child.parentNode = this; this.children.push (child); return child; }
  removeChild (child) {
    this.children.splice (this.children.indexOf (child), 1);
    child.parentNode = null;
    return child;
  }
  get textContent () {
    return this.children.length ? this.children.map ((c) => c.textContent).join ('') : this.text;
  }
  set textContent (value) { this.children = []; this.text = String (value); }
  set innerHTML (value) { throw new Error ('innerHTML must never be used'); }
  insertAdjacentHTML () { throw new Error ('insertAdjacentHTML must never be used'); }
  setAttribute (name, value) { this.attributes[name] = String (value); }
  getAttribute (name) { return name in this.attributes ? this.attributes[name] : null; }
  removeAttribute (name) { delete this.attributes[name]; }
  addEventListener (type, fn) { (this.listeners[type] = this.listeners[type] || []).push (fn); }
  dispatch (type, event) {
    event = Object.assign ({ defaultPrevented: false, preventDefault () { this.defaultPrevented = true; } }, event);
    (this.listeners[type] || []).forEach ((fn) => fn (event));
    return event;
  }
  attachShadow () { this.shadowRoot = new FakeNode ('#shadow-root'); return this.shadowRoot; }
  focus () { world.document.activeElement = this; }
  find (cls) {
    const all = [];
    const walk = (n) => {
      if ((' ' + n.className + ' ').includes (' ' + cls + ' ')) all.push (n);
      n.children.forEach (walk);
    };
    walk (this);
    return all;
  }
}

class FakeSocket {
  constructor (url) {
    this.url = url;
    this.readyState = 0;
    this.sent = [];
    world.sockets.push (this);
  }
  send (data) { assert.strictEqual (this.readyState, 1, 'sent on an open socket'); this.sent.push (JSON.parse (data)); }
  open () { this.readyState = 1; this.onopen (); }
  receive (frame) { this.onmessage ({ data: JSON.stringify (frame) }); }
  drop (code) { this.readyState = 3; this.onclose ({ code }); }
}

let world;

function load (data, stored) {
  const script = new FakeNode ('script');
  script.src = 'http://127.0.0.1:8642/chat/widget.js';
  script.dataset = Object.assign ({ token: 'tok123' }, data);
  const storage = new Map (Object.entries (stored || {}));
  world = {
    sockets: [],
    timers: [],
    document: null,
  };
  const body = new FakeNode ('body');
  world.document = {
    currentScript: script,
    body,
    documentElement: new FakeNode ('html'),
    activeElement: null,
    createElement: (tag) => new FakeNode (tag),
  };
  const context = {
    document: world.document,
    location: { href: 'https://shop.example/contact' },
    localStorage: {
      getItem: (k) => (storage.has (k) ? storage.get (k) : null),
      setItem: (k, v) => storage.set (k, String (v)),
    },
    crypto: { getRandomValues: (a) => webcrypto.getRandomValues (a) },
    WebSocket: FakeSocket,
    URL,
    JSON,
    Math,
    Date,
    setTimeout: (fn, delay) => { world.timers.push ({ fn, delay }); return world.timers.length; },
    clearTimeout: (id) => { if (id > 0 && world.timers[id - 1]) world.timers[id - 1].cleared = true; },
  };
  context.window = context;
  vm.createContext (context);
  vm.runInContext (source, context);
  const host = body.children[0];
  const root = host.shadowRoot;
  world.storage = storage;
  world.host = host;
  world.el = (cls) => root.find (cls)[0];
  world.rows = () => world.el ('log').children;
  return world;
}

function lastSocket () { return world.sockets[world.sockets.length - 1]; }
function pendingTimers () { return world.timers.filter ((t) => !t.cleared && !t.ran); }
function runTimer (t) { t.ran = true; t.fn (); }

const tests = [];
function test (name, fn) { tests.push ({ name, fn }); }

test ('the button opens a labelled panel and connects only then', () => {
  const w = load ({ color: '#ffcc00', position: 'left' });
  const launcher = w.el ('launcher');
  const sheet = w.host.shadowRoot.children[0];
  assert.strictEqual (sheet.href, 'http://127.0.0.1:8642/chat/widget.css');
  assert.strictEqual (w.el ('terra').style.visibility, 'hidden', 'nothing unstyled shows');
  sheet.onload ();
  assert.strictEqual (w.el ('terra').style.visibility, '');
  assert.strictEqual (launcher.getAttribute ('aria-label'), 'Open chat');
  assert.strictEqual (w.el ('panel').hidden, true);
  assert.ok (w.el ('terra').className.includes ('left'));
  assert.strictEqual (w.host.style.props['--terra-accent'], '#ffcc00');
  assert.strictEqual (w.host.style.props['--terra-on-accent'], '#1e1e1e', 'dark text on a light colour');
  assert.strictEqual (w.sockets.length, 0, 'a page view alone opens no socket');

  launcher.dispatch ('click');
  assert.strictEqual (w.el ('panel').hidden, false);
  assert.strictEqual (launcher.getAttribute ('aria-expanded'), 'true');
  assert.strictEqual (w.el ('panel').getAttribute ('role'), 'dialog');
  assert.strictEqual (w.sockets.length, 1);
  assert.strictEqual (lastSocket ().url, 'ws://127.0.0.1:8642/chat/ws');

  lastSocket ().open ();
  const hello = lastSocket ().sent[0];
  assert.strictEqual (hello.type, 'hello');
  assert.strictEqual (hello.token, 'tok123');
  assert.match (hello.visitor, /^[0-9a-f]{32}$/);
  assert.strictEqual (w.storage.get ('terra-chat-visitor'), hello.visitor);
});

test ('history and markup from the network are shown as text', () => {
  const w = load ({}, { 'terra-chat-visitor': 'returning-visitor-1', 'terra-chat-visitor-active': '1' });
  assert.strictEqual (w.sockets.length, 1, 'a returning visitor connects at once');
  lastSocket ().open ();
  assert.strictEqual (lastSocket ().sent[0].visitor, 'returning-visitor-1');
  lastSocket ().receive ({ type: 'history', visitor: 'returning-visitor-1', messages: [
    { id: 1, author: 'lead', text: '<b>bold?</b>' },
    { id: 2, author: 'human', text: '<img src=x onerror="alert(1)">' },
  ] });
  const rows = w.rows ();
  assert.strictEqual (rows.length, 2);
  assert.strictEqual (rows[0].textContent, '<b>bold?</b>');
  assert.strictEqual (rows[0].className, 'msg lead');
  assert.strictEqual (rows[1].textContent, '<img src=x onerror="alert(1)">');
  assert.strictEqual (rows[1].getAttribute ('aria-label'), 'Team: <img src=x onerror="alert(1)">');
  assert.strictEqual (w.el ('badge').hidden, true);
});

test ('a new visitor sees the greeting', () => {
  const w = load ({ greeting: 'Hi! Ask us anything.' });
  w.el ('launcher').dispatch ('click');
  lastSocket ().open ();
  lastSocket ().receive ({ type: 'history', visitor: 'x', messages: [] });
  assert.strictEqual (w.rows ().length, 1);
  assert.strictEqual (w.rows ()[0].textContent, 'Hi! Ask us anything.');
});

test ('Enter sends; the message is pending until acknowledged', () => {
  const w = load ({});
  w.el ('launcher').dispatch ('click');
  lastSocket ().open ();
  lastSocket ().receive ({ type: 'history', visitor: 'x', messages: [] });
  const input = w.el ('compose').children[0];
  input.value = '  Is there <parking>?  ';
  const shifted = input.dispatch ('keydown', { key: 'Enter', shiftKey: true });
  assert.strictEqual (shifted.defaultPrevented, false, 'Shift+Enter adds a line');
  const event = input.dispatch ('keydown', { key: 'Enter', shiftKey: false });
  assert.strictEqual (event.defaultPrevented, true);
  assert.strictEqual (input.value, '');
  const frame = lastSocket ().sent[1];
  assert.strictEqual (frame.type, 'message');
  assert.strictEqual (frame.text, 'Is there <parking>?');
  assert.match (frame.client_id, /^[0-9a-f]{32}$/);
  const row = w.rows ()[0];
  assert.strictEqual (row.className, 'msg lead pending');
  assert.strictEqual (row.textContent, 'Is there <parking>?');
  lastSocket ().receive ({ type: 'ack', client_id: frame.client_id, message_id: 7 });
  assert.strictEqual (row.className, 'msg lead');
  assert.strictEqual (w.storage.get ('terra-chat-visitor-active'), '1');

  input.value = '   ';
  input.dispatch ('keydown', { key: 'Enter' });
  assert.strictEqual (lastSocket ().sent.length, 2, 'blank text is not sent');
});

test ('typing dots, then the reply word by word in one bubble, then the stored reply', () => {
  const w = load ({});
  w.el ('launcher').dispatch ('click');
  lastSocket ().open ();
  lastSocket ().receive ({ type: 'history', visitor: 'x', messages: [] });
  lastSocket ().receive ({ type: 'typing' });
  assert.strictEqual (w.el ('typing').hidden, false);
  lastSocket ().receive ({ type: 'delta', text: 'We are ' });
  assert.strictEqual (w.el ('typing').hidden, true);
  lastSocket ().receive ({ type: 'delta', text: 'open <b>9–6</b>' });
  assert.strictEqual (w.rows ().length, 1);
  assert.strictEqual (w.rows ()[0].textContent, 'We are open <b>9–6</b>');
  assert.strictEqual (w.el ('log').getAttribute ('aria-busy'), 'true');
  lastSocket ().receive ({ type: 'message', id: 11, author: 'assistant', text: 'We are open <b>9–6</b>.' });
  assert.strictEqual (w.rows ().length, 1);
  assert.strictEqual (w.rows ()[0].textContent, 'We are open <b>9–6</b>.');
  assert.strictEqual (w.rows ()[0].className, 'msg assistant');
  assert.strictEqual (w.el ('log').getAttribute ('aria-busy'), null);
  lastSocket ().receive ({ type: 'message', id: 11, author: 'assistant', text: 'We are open <b>9–6</b>.' });
  assert.strictEqual (w.rows ().length, 1, 'the same message twice is shown once');
});

test ('a dropped connection comes back with backoff and resends what was not acknowledged', () => {
  const w = load ({});
  w.el ('launcher').dispatch ('click');
  lastSocket ().open ();
  lastSocket ().receive ({ type: 'history', visitor: 'x', messages: [] });
  const input = w.el ('compose').children[0];
  input.value = 'Anyone there?';
  input.dispatch ('keydown', { key: 'Enter' });
  const sent = lastSocket ().sent[1];

  lastSocket ().drop (1006);
  assert.strictEqual (w.el ('status').textContent, 'Reconnecting…');
  let timers = pendingTimers ().filter ((t) => t.delay <= 30000 && t.delay !== 30000);
  const first = timers[timers.length - 1];
  assert.ok (first.delay >= 500 && first.delay <= 1000, 'first retry after 0.5–1 s, was ' + first.delay);
  runTimer (first);
  assert.strictEqual (w.sockets.length, 2);
  lastSocket ().drop (1006);
  timers = pendingTimers ();
  const second = timers[timers.length - 1];
  assert.ok (second.delay >= 1000 && second.delay <= 2000, 'second retry after 1–2 s, was ' + second.delay);
  runTimer (second);

  lastSocket ().open ();
  assert.strictEqual (lastSocket ().sent[0].type, 'hello');
  lastSocket ().receive ({ type: 'history', visitor: 'x', messages: [] });
  const resent = lastSocket ().sent[1];
  assert.deepStrictEqual (resent, sent, 'the same message with the same client id');
  assert.strictEqual (w.el ('status').textContent, '');
  assert.strictEqual (w.rows ().length, 1);
});

test ('a refused token stops reconnecting and says so', () => {
  const w = load ({ token: 'wrong' });
  w.el ('launcher').dispatch ('click');
  lastSocket ().open ();
  lastSocket ().drop (1008);
  assert.strictEqual (pendingTimers ().filter ((t) => t.delay !== 30000).length, 0);
  assert.strictEqual (w.el ('status').textContent, 'The chat is not available right now.');
});

test ('a refused message is marked and not sent again', () => {
  const w = load ({});
  w.el ('launcher').dispatch ('click');
  lastSocket ().open ();
  lastSocket ().receive ({ type: 'history', visitor: 'x', messages: [] });
  const input = w.el ('compose').children[0];
  input.value = 'spam';
  input.dispatch ('keydown', { key: 'Enter' });
  const frame = lastSocket ().sent[1];
  lastSocket ().receive ({ type: 'error', code: 'rate_limited', message: 'Too fast.', client_id: frame.client_id });
  assert.strictEqual (w.rows ()[0].className, 'msg lead failed');
  assert.strictEqual (w.rows ()[1].textContent, 'Too fast.');
  lastSocket ().drop (1006);
  runTimer (pendingTimers ().pop ());
  lastSocket ().open ();
  lastSocket ().receive ({ type: 'history', visitor: 'x', messages: [] });
  assert.strictEqual (lastSocket ().sent.length, 1, 'only hello');
});

test ('replies while the panel is closed count on the button; Escape closes and returns focus', () => {
  const w = load ({}, { 'terra-chat-visitor-active': '1' });
  lastSocket ().open ();
  lastSocket ().receive ({ type: 'history', visitor: 'x', messages: [] });
  lastSocket ().receive ({ type: 'message', id: 3, author: 'human', text: 'Are you still looking?' });
  assert.strictEqual (w.el ('badge').hidden, false);
  assert.strictEqual (w.el ('badge').textContent, '1');
  assert.strictEqual (w.el ('launcher').getAttribute ('aria-label'), 'Open chat, 1 new');
  w.el ('launcher').dispatch ('click');
  assert.strictEqual (w.el ('badge').hidden, true);
  assert.strictEqual (w.el ('launcher').getAttribute ('aria-label'), 'Close chat');
  assert.strictEqual (w.document.activeElement, w.el ('compose').children[0]);
  w.el ('panel').dispatch ('keydown', { key: 'Escape' });
  assert.strictEqual (w.el ('panel').hidden, true);
  assert.strictEqual (w.document.activeElement, w.el ('launcher'));
});

test ('the standalone page is always open, with no button', () => {
  const w = load ({ mode: 'page', title: 'Chat with Sunrise' });
  assert.strictEqual (w.el ('launcher'), undefined);
  assert.strictEqual (w.el ('panel').hidden, false);
  assert.strictEqual (w.el ('panel').getAttribute ('aria-label'), 'Chat with Sunrise');
  assert.strictEqual (w.sockets.length, 1);
});

console.log ('TAP version 13');
console.log ('1..' + tests.length);
let failed = 0;
tests.forEach ((t, i) => {
  try {
    t.fn ();
    console.log ('ok ' + (i + 1) + ' - ' + t.name);
  } catch (e) {
    failed++;
    console.log ('not ok ' + (i + 1) + ' - ' + t.name);
    console.log ('  ---\n  message: ' + JSON.stringify (String (e && e.stack || e)) + '\n  ...');
  }
});
process.exitCode = failed ? 1 : 0;
