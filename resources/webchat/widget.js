/* Terra web chat widget: one script tag, no framework.
 * <script src="http://HOST:PORT/chat/widget.js" data-token="…" data-color="#3584e4"
 *         data-position="right" data-greeting="Hi!" async></script>
 * Copyright 2026 The Terra developers. SPDX-License-Identifier: GPL-3.0-or-later
 * Every text from the network is shown with textContent, never as HTML. */
(function () {
  'use strict';
  var script = document.currentScript;
  if (!script || window.__terraChat) return;
  window.__terraChat = true;

  var d = script.dataset, base = new URL(script.src, location.href).origin;
  var color = /^#[0-9a-f]{3}([0-9a-f]{3})?$/i.test(d.color || '') ? d.color : '#3584e4';
  var page = d.mode === 'page', title = d.title || 'Chat with us';
  var KEY = 'terra-chat-visitor', ws = null, attempt = 0, timer = 0, typingTimer = 0;
  var refused = false, stream = null, shown = {}, queue = [], lastTyping = 0, open = page;

  function store (k, v) {
    try { if (v === undefined) return localStorage.getItem (k); localStorage.setItem (k, v); }
    catch (e) { return null; }
  }
  function randomId () {
    var b = new Uint8Array (16), s = '';
    crypto.getRandomValues (b);
    for (var i = 0; i < b.length; i++) s += (b[i] + 256).toString (16).slice (1);
    return s;
  }
  var visitor = store (KEY) || randomId ();
  if (!/^[A-Za-z0-9_-]{8,64}$/.test (visitor)) visitor = randomId ();
  store (KEY, visitor);

  function el (tag, cls, text) {
    var e = document.createElement (tag);
    if (cls) e.className = cls;
    if (text != null) e.textContent = text;
    return e;
  }

  /* Shadow DOM keeps the site's styles and ours apart. */
  var host = el ('div'), root = host.attachShadow ({ mode: 'open' });
  var css = el ('link'); css.rel = 'stylesheet'; css.href = base + '/chat/widget.css';
  root.appendChild (css);
  host.style.setProperty ('--terra-accent', color);
  /* Dark text on a light accent, white on a dark one (perceived brightness). */
  var n = parseInt (color.length === 4 ? color.slice (1).replace (/./g, '$&$&') : color.slice (1), 16);
  var light = 0.299 * (n >> 16) + 0.587 * (n >> 8 & 255) + 0.114 * (n & 255) > 160;
  host.style.setProperty ('--terra-on-accent', light ? '#1e1e1e' : '#fff');
  var wrap = el ('div', 'terra ' + (d.position === 'left' ? 'left' : 'right') + (page ? ' page' : ''));
  var launcher = el ('button', 'launcher');
  launcher.type = 'button';
  launcher.setAttribute ('aria-label', 'Open chat');
  launcher.setAttribute ('aria-expanded', 'false');
  launcher.appendChild (el ('span', 'bubble-icon'));
  var badge = el ('span', 'badge'); badge.hidden = true; launcher.appendChild (badge);
  var panel = el ('div', 'panel');
  panel.setAttribute ('role', page ? 'main' : 'dialog');
  panel.setAttribute ('aria-label', title);
  var head = el ('div', 'head'), h = el ('h2', null, title);
  var close = el ('button', 'close', '\u00d7');
  close.type = 'button'; close.setAttribute ('aria-label', 'Close chat');
  head.appendChild (h); if (!page) head.appendChild (close);
  var log = el ('div', 'log');
  log.setAttribute ('role', 'log'); log.setAttribute ('aria-live', 'polite');
  log.tabIndex = 0;
  var typing = el ('div', 'typing');
  typing.setAttribute ('aria-label', 'Typing'); typing.hidden = true;
  typing.appendChild (el ('span')); typing.appendChild (el ('span')); typing.appendChild (el ('span'));
  var status = el ('div', 'status'); status.setAttribute ('role', 'status');
  var form = el ('form', 'compose'), input = el ('textarea');
  input.rows = 1; input.maxLength = 4000; input.placeholder = 'Write a message…';
  input.setAttribute ('aria-label', 'Message');
  var send = el ('button', 'send', 'Send'); send.type = 'submit';
  form.appendChild (input); form.appendChild (send);
  panel.appendChild (head); panel.appendChild (log); panel.appendChild (typing);
  panel.appendChild (status); panel.appendChild (form);
  panel.hidden = !page;
  if (!page) wrap.appendChild (launcher);
  wrap.appendChild (panel);
  root.appendChild (wrap);
  /* Unstyled buttons must not flash on the page while the sheet loads. */
  wrap.style.visibility = 'hidden';
  css.onload = css.onerror = function () { wrap.style.visibility = ''; };
  (document.body || document.documentElement).appendChild (host);

  function scroll () { log.scrollTop = log.scrollHeight; }
  function add (author, text, id) {
    if (id && shown[id]) return shown[id];
    var row = el ('div', 'msg ' + author, text), kind = author.split (' ')[0];
    if (kind !== 'lead') {
      var who = kind === 'human' ? 'Team' : kind === 'note' ? 'Notice' : 'Assistant';
      row.setAttribute ('aria-label', who + ': ' + text);
    }
    if (id) shown[id] = row;
    log.appendChild (row);
    scroll ();
    if (!open && kind !== 'lead' && kind !== 'note') {
      badge.hidden = false;
      badge.textContent = String ((parseInt (badge.textContent, 10) || 0) + 1);
      launcher.setAttribute ('aria-label', 'Open chat, ' + badge.textContent + ' new');
    }
    return row;
  }
  function showTyping (on) {
    clearTimeout (typingTimer);
    typing.hidden = !on;
    if (on) typingTimer = setTimeout (function () { typing.hidden = true; }, 30000);
    scroll ();
  }
  function frame (o) {
    if (ws && ws.readyState === 1) ws.send (JSON.stringify (o));
  }

  function onFrame (m) {
    if (m.type === 'history') {
      attempt = 0; status.textContent = ''; shown = {}; stream = null;
      log.textContent = '';
      if (m.visitor && m.visitor !== visitor) { visitor = m.visitor; store (KEY, visitor); }
      if (!m.messages.length && d.greeting) add ('assistant', d.greeting);
      m.messages.forEach (function (x) { add (x.author, x.text, x.id); });
      badge.hidden = true; badge.textContent = '';
      if (!open) launcher.setAttribute ('aria-label', 'Open chat');
      queue.forEach (function (q) { q.row = add ('lead pending', q.text); frame (q.frame); });
    } else if (m.type === 'ack') {
      queue = queue.filter (function (q) {
        if (q.frame.client_id !== m.client_id) return true;
        q.row.className = 'msg lead'; shown[m.message_id] = q.row;
        return false;
      });
      store (KEY + '-active', '1');
    } else if (m.type === 'typing') {
      showTyping (true);
    } else if (m.type === 'delta') {
      showTyping (false);
      if (!stream) {
        /* Screen readers hear the finished reply once, not every word. */
        stream = add ('assistant streaming', '');
        stream.removeAttribute ('aria-label');
        log.setAttribute ('aria-busy', 'true');
      }
      stream.textContent += m.text;
      scroll ();
    } else if (m.type === 'message') {
      showTyping (false);
      log.removeAttribute ('aria-busy');
      if (stream && m.author === 'assistant') {
        stream.textContent = m.text; stream.className = 'msg assistant';
        stream.setAttribute ('aria-label', 'Assistant: ' + m.text);
        shown[m.id] = stream; stream = null;
      } else add (m.author, m.text, m.id);
    } else if (m.type === 'discard') {
      if (stream) log.removeChild (stream);
      stream = null; showTyping (false); log.removeAttribute ('aria-busy');
    } else if (m.type === 'error') {
      /* A refused message is not sent again; it stays, marked. */
      queue = queue.filter (function (q) {
        if (q.frame.client_id !== m.client_id) return true;
        q.row.className = 'msg lead failed';
        return false;
      });
      add ('note', m.message || 'Something went wrong.');
    }
  }

  function connect () {
    if (ws || refused) return;
    clearTimeout (timer);
    ws = new WebSocket (base.replace (/^http/, 'ws') + '/chat/ws');
    ws.onopen = function () {
      var hello = { type: 'hello', visitor: visitor, token: d.token || '' };
      if (d.name) hello.name = d.name;
      frame (hello);
    };
    ws.onmessage = function (e) {
      try { onFrame (JSON.parse (e.data)); } catch (err) { /* a broken frame is skipped */ }
    };
    ws.onclose = function (e) {
      ws = null; stream = null; showTyping (false);
      if (e.code === 1008) {
        refused = true;
        status.textContent = 'The chat is not available right now.';
        return;
      }
      /* Back off 1, 2, 4 … 30 seconds, with jitter so a restarted server
       * is not hit by every visitor at once. */
      var delay = Math.min (30000, 1000 * Math.pow (2, attempt++)) * (0.5 + Math.random () / 2);
      status.textContent = 'Reconnecting…';
      timer = setTimeout (connect, delay);
    };
  }

  function submit (e) {
    if (e) e.preventDefault ();
    var text = input.value.trim ();
    if (!text) return;
    input.value = '';
    var q = { text: text, frame: { type: 'message', text: text, client_id: randomId () } };
    q.row = add ('lead pending', text);
    queue.push (q);
    frame (q.frame);
    connect ();
  }
  function toggle (show) {
    open = show;
    panel.hidden = !show;
    launcher.setAttribute ('aria-expanded', String (show));
    launcher.setAttribute ('aria-label', show ? 'Close chat' : 'Open chat');
    if (show) { badge.hidden = true; badge.textContent = ''; connect (); input.focus (); scroll (); }
    else launcher.focus ();
  }

  form.addEventListener ('submit', submit);
  input.addEventListener ('keydown', function (e) {
    if (e.key === 'Enter' && !e.shiftKey) submit (e);
  });
  input.addEventListener ('input', function () {
    var now = Date.now ();
    if (now - lastTyping > 3000) { lastTyping = now; frame ({ type: 'typing' }); }
  });
  launcher.addEventListener ('click', function () { toggle (!open); });
  close.addEventListener ('click', function () { toggle (false); });
  panel.addEventListener ('keydown', function (e) {
    if (e.key === 'Escape' && !page) toggle (false);
  });
  /* A returning visitor is connected at once, so replies sent while they
   * were away show up as unread on the launcher. */
  if (page || store (KEY + '-active')) connect ();
}) ();
