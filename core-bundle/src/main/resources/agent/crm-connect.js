/*
 * crm-connect.js - a small, dependency-free browser client for crm-connector.
 *
 *   <script src="/agent/crm-connect.js"></script>
 *   const client = CrmConnect({ baseUrl: '', tenantId: 'acme', agentId: 'agent-1',
 *                               // a stream token for this agent, from your own backend (see below)
 *                               streamToken: agentId => fetch('/my-backend/crm-stream-token').then(r => r.json()),
 *                               allowedOrigin: 'https://crm.example.com',      // optional: the embedding CRM page
 *                               commands: { clipboard: (args, pop) => ... } }); // optional: local command mapping
 *   client.on('screenPop', pop => ...);
 *   client.on('logSaved', saved => ...);      // { interactionId, legId?, stage, record?: { type, id, url? } }
 *   client.connect();
 *
 * UMD: a plain <script> gets window.CrmConnect; CommonJS and AMD loaders get the factory.
 *
 * Streams: connect() opens two EventSource streams, the agent's event channel
 * (screenPop, agentStatus, click2dial, and each interaction's outcome: logSaved,
 * logFailed, interactionFinished) and the softphone callbacks (disposition,
 * partner_config, start_call, update_presence). EventSource cannot send headers,
 * so these two GETs carry ?access_token=<stream token>: a short-lived token that
 * opens this agent's two streams and nothing else. The tenant's API key never
 * goes into a browser: your backend gets the token with
 *   POST /api/v1/tenants/{tenantId}/agents/{agentId}/stream-tokens  (Authorization: Bearer <tenant key>)
 *   -> { "token": "...", "expiresAt": "2026-12-06T00:05:00Z" }
 * and `streamToken` (a function of the agent id answering a token, { token }, or a
 * promise of either) hands it to the client. EventSource reconnects on its own with
 * Last-Event-ID, so the server replays what was missed; once the token has expired
 * the server refuses the reconnect, and the client asks `streamToken` for a fresh
 * token and resumes after the last event it received.
 *
 * Requests (the softphone events, click2dial, setPresence, interaction, ...) need
 * `apiKey`, the tenant's key, sent as "Authorization: Bearer". Give it only where the
 * key may be (a server, or the demo page that plays the softphone), never to an
 * agent's browser.
 *
 * Security:
 *  - postMessage from an embedding CRM page is accepted only when event.origin is
 *    exactly allowedOrigin (seed 000), and only in the CRMConnectMessage shape.
 *  - pops and log outcomes (screenPop, logSaved, logFailed) go to the parent window
 *    as CRMConnectMessages with allowedOrigin as target origin, never '*'.
 *  - a pop naming a command runs only a function of the page's own `commands`
 *    mapping; an unknown name is refused (event 'commandRefused'), never executed.
 *  - a pop URL that is not http(s) (javascript:, data:, ...) is taken out of the pop
 *    before anyone sees it (event 'popRefused'): neither handlers nor the parent get it.
 */
(function (root, factory) {
  if (typeof define === 'function' && define.amd) {
    define([], factory);
  } else if (typeof module === 'object' && module.exports) {
    module.exports = factory();
  } else {
    root.CrmConnect = factory();
  }
}(typeof self !== 'undefined' ? self : this, function () {
  'use strict';

  var AGENT_EVENTS = ['screenPop', 'agentStatus', 'click2dial', 'logSaved', 'logFailed', 'interactionFinished'];
  // agent events the embedding CRM page gets too, as { type: MESSAGE_TYPE, action: <event>, data }
  var RELAYED_EVENTS = ['screenPop', 'logSaved', 'logFailed'];
  var CALLBACK_EVENTS = ['disposition', 'partner_config', 'start_call', 'update_presence'];
  var SOFTPHONE_EVENTS = ['incomingCall', 'callAccepted', 'callRejected', 'callEnded', 'callNotesSubmitted',
    'outboundCallInitiated', 'statusChanged'];
  var MESSAGE_TYPE = 'CRMConnectMessage';

  function CrmConnect(options) {
    var o = options || {};
    ['tenantId', 'agentId'].forEach(function (k) {
      if (!o[k]) { throw new Error('CrmConnect: option ' + k + ' is required'); }
    });
    if (o.allowedOrigin === '*') {
      throw new Error('CrmConnect: allowedOrigin must be one exact origin, never "*"');
    }
    var win = o.window || (typeof window !== 'undefined' ? window : null);
    var ES = o.EventSource || (typeof EventSource !== 'undefined' ? EventSource : null);
    var doFetch = o.fetch || (typeof fetch !== 'undefined' ? fetch.bind(win || undefined) : null);
    var base = String(o.baseUrl || '').replace(/\/+$/, '') + '/api/v1/tenants/' + encodeURIComponent(o.tenantId);
    // copied into a prototype-less object so names like "constructor" or "__proto__" never resolve
    var commands = Object.create(null);
    Object.keys(o.commands || {}).forEach(function (name) {
      if (typeof o.commands[name] === 'function') { commands[name] = o.commands[name]; }
    });
    var handlers = Object.create(null);
    var streams = [];
    var listening = false;

    function emit(type, data, meta) {
      (handlers[type] || []).slice().forEach(function (fn) { call(fn, [data, meta], type); });
      if (type !== '*') {
        (handlers['*'] || []).slice().forEach(function (fn) { call(fn, [type, data, meta], '*'); });
      }
    }

    function call(fn, args, type) {
      try { fn.apply(null, args); } catch (e) {
        if (typeof console !== 'undefined') { console.error('CrmConnect handler for ' + type + ' failed', e); }
      }
    }

    function on(type, fn) {
      (handlers[type] = handlers[type] || []).push(fn);
      return function () { off(type, fn); };
    }

    function off(type, fn) {
      var list = handlers[type] || [];
      var i = list.indexOf(fn);
      if (i >= 0) { list.splice(i, 1); }
    }

    // the token provider's answer: a token, { token }, or a promise of either
    function streamToken() {
      return Promise.resolve().then(function () { return o.streamToken(o.agentId); }).then(function (answer) {
        var token = typeof answer === 'string' ? answer : answer && answer.token;
        if (!token || typeof token !== 'string') { throw new Error('CrmConnect: streamToken gave no token'); }
        return token;
      });
    }

    // One stream: opened with a fresh token, and opened again with a fresh one when the browser gives up on it
    // after it had been open (the token expired before a reconnect); then it resumes after the last event.
    function stream(name, path, withAgentQuery, events) {
      var s = { name: name, es: null, lastId: null, stopped: false };
      function open() {
        streamToken().then(function (token) {
          if (s.stopped) { return; }
          var q = 'access_token=' + encodeURIComponent(token);
          if (withAgentQuery) { q += '&agentId=' + encodeURIComponent(o.agentId); }
          if (s.lastId) { q += '&lastEventId=' + encodeURIComponent(s.lastId); }
          var es = new ES(base + path + '?' + q);
          var opened = false;
          s.es = es;
          es.onopen = function () { opened = true; emit('open', { stream: name }); };
          es.onerror = function () {
            // readyState CONNECTING: the browser retries with Last-Event-ID; CLOSED: it gave up (e.g. 401)
            var closed = es.readyState === 2;
            var renew = closed && opened && !s.stopped;
            emit('streamError', { stream: name, closed: closed && !renew });
            if (renew) { es.close(); open(); }
          };
          events.forEach(function (type) {
            es.addEventListener(type, function (ev) { onEvent(s, type, ev); });
          });
        }, function (error) {
          if (!s.stopped) { emit('streamError', { stream: name, closed: true, error: error }); }
        });
      }
      s.stop = function () {
        s.stopped = true;
        if (s.es) { s.es.close(); }
      };
      streams.push(s);
      open();
      return s;
    }

    function onEvent(s, type, ev) {
      var data;
      try { data = JSON.parse(ev.data); } catch (e) { data = ev.data; }
      if (ev.lastEventId) { s.lastId = ev.lastEventId; }
      var meta = { stream: s.name, id: ev.lastEventId };
      if (type === 'screenPop') {
        data = withHttpUrlOnly(data, meta);
        handlePop(data, meta);
      }
      if (RELAYED_EVENTS.indexOf(type) >= 0) { relay(type, data); }
      emit(type, data, meta);
    }

    function connect() {
      if (!ES) { throw new Error('CrmConnect: EventSource is not available'); }
      if (typeof o.streamToken !== 'function') {
        throw new Error('CrmConnect: option streamToken (a function answering a stream token) is required to connect');
      }
      disconnect();
      stream('agent', '/agents/' + encodeURIComponent(o.agentId) + '/events', false, AGENT_EVENTS);
      stream('softphone', '/softphone/callbacks', true, CALLBACK_EVENTS);
      if (win && o.allowedOrigin && !listening) {
        win.addEventListener('message', onMessage);
        listening = true;
      }
      return api;
    }

    function disconnect() {
      streams.forEach(function (s) { s.stop(); });
      streams = [];
      if (win && listening) {
        win.removeEventListener('message', onMessage);
        listening = false;
      }
      return api;
    }

    // A pop opens (or is relayed as) a URL: only http(s) ones, so no template or CRM answer can run a script.
    function withHttpUrlOnly(pop, meta) {
      if (!pop || typeof pop !== 'object' || pop.url === undefined || pop.url === null || isHttpUrl(pop.url)) {
        return pop;
      }
      var kept = {};
      Object.keys(pop).forEach(function (k) { if (k !== 'url') { kept[k] = pop[k]; } });
      emit('popRefused', { url: String(pop.url), reason: 'only http(s) URLs are opened' }, meta);
      return kept;
    }

    function isHttpUrl(text) {
      if (typeof text !== 'string' || typeof URL !== 'function') { return false; }
      try {
        var base = win && win.location && win.location.href ? win.location.href : undefined;
        var u = base ? new URL(text, base) : new URL(text);
        return u.protocol === 'http:' || u.protocol === 'https:';
      } catch (e) { return false; }
    }

    function handlePop(pop, meta) {
      if (pop && pop.command) {
        var fn = commands[pop.command];
        if (typeof fn === 'function') {
          call(fn, [pop.args || [], pop], 'command ' + pop.command);
          emit('command', { command: pop.command, args: pop.args || [] }, meta);
        } else {
          emit('commandRefused', { command: pop.command, reason: 'no local mapping for this command' }, meta);
        }
      }
    }

    // only to an embedding parent, only with the one configured origin as target
    function relay(action, data) {
      if (win && o.allowedOrigin && win.parent && win.parent !== win) {
        win.parent.postMessage({ type: MESSAGE_TYPE, action: action, data: data }, o.allowedOrigin);
      }
    }

    function onMessage(event) {
      if (event.origin !== o.allowedOrigin) { return; }
      var msg = event.data;
      if (!msg || typeof msg !== 'object' || msg.type !== MESSAGE_TYPE || typeof msg.action !== 'string') { return; }
      emit('crmConnectMessage', msg, { origin: event.origin });
      sendCrmConnectMessage(msg.action, msg.data).then(function (answer) {
        emit('crmConnectReply', { action: msg.action, answer: answer });
      }, function (error) {
        emit('crmConnectReply', { action: msg.action, error: error });
      });
    }

    function request(method, path, body) {
      if (!o.apiKey) {
        return Promise.reject(new Error('CrmConnect: requests need option apiKey, the tenant key; '
          + 'give it only where the key may be, never to an agent\'s browser'));
      }
      var init = { method: method, headers: { Authorization: 'Bearer ' + o.apiKey, Accept: 'application/json' } };
      if (body !== undefined) {
        init.headers['Content-Type'] = 'application/json';
        init.body = JSON.stringify(body);
      }
      return doFetch(base + path, init).then(function (resp) {
        return resp.text().then(function (text) {
          var data = null;
          if (text) { try { data = JSON.parse(text); } catch (e) { data = text; } }
          if (!resp.ok) {
            var err = (data && data.error) || {};
            var e = new Error(err.message || ('HTTP ' + resp.status));
            e.status = resp.status;
            e.code = err.code;
            e.body = data;
            throw e;
          }
          return data;
        });
      });
    }

    function softphone(name, params) {
      var body = {};
      Object.keys(params || {}).forEach(function (k) { body[k] = params[k]; });
      if (!body.agentId) { body.agentId = o.agentId; }
      return request('POST', '/softphone/' + name, body);
    }

    function sendCrmConnectMessage(action, data) {
      return request('POST', '/crm-connect/messages?agentId=' + encodeURIComponent(o.agentId),
        { type: MESSAGE_TYPE, action: action, data: data });
    }

    var api = {
      on: on,
      off: off,
      connect: connect,
      disconnect: disconnect,
      /** POST crm-connect/messages: the seed-000 message, as an embedding CRM would send it. */
      sendCrmConnectMessage: sendCrmConnectMessage,
      click2dial: function (number, crmObject) {
        return request('POST', '/click2dial',
          { agentId: o.agentId, click2DialData: { clickToDialNumber: number, crmObject: crmObject || null } });
      },
      setPresence: function (softphoneId) {
        return request('POST', '/agents/' + encodeURIComponent(o.agentId) + '/presence', { softphoneId: softphoneId });
      },
      interaction: function (id) { return request('GET', '/interactions/' + encodeURIComponent(id)); },
      dispositions: function (id) { return request('GET', '/interactions/' + encodeURIComponent(id) + '/dispositions'); },
      request: request,
      options: { tenantId: o.tenantId, agentId: o.agentId, allowedOrigin: o.allowedOrigin || null }
    };
    SOFTPHONE_EVENTS.forEach(function (name) {
      api[name] = function (params) { return softphone(name, params); };
    });
    return api;
  }

  CrmConnect.MESSAGE_TYPE = MESSAGE_TYPE;
  return CrmConnect;
}));
